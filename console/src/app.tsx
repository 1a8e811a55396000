import { type ReactNode, useMemo, useState } from "react";
import { EngineClient } from "./api/engine-client";
import { forgetKey, readKey, saveKey } from "./api/session";
import { Shell } from "./components/shell";
import { AccessKeysPage } from "./pages/access-keys-page";
import { BillingPage } from "./pages/billing-page";
import { CreateGroupPage } from "./pages/create-group/create-group-page";
import { GroupPage } from "./pages/group/group-page";
import { GroupsPage } from "./pages/groups-page";
import { ImageCachePage } from "./pages/image-cache-page";
import { LoginPage } from "./pages/login-page";
import { NotFoundPage } from "./pages/not-found-page";
import { QuotasPage } from "./pages/quotas-page";
import { RESOURCE_KINDS } from "./pages/resources/resource-kinds";
import { ResourcePage } from "./pages/resources/resource-page";
import { navigate, useLocation } from "./router";
import { type Session, SessionContext } from "./session";

/** The screen for a path. */
function route(path: string): ReactNode {
  if (path === "/" || path === "/groups") return <GroupsPage />;
  if (path === "/groups/new") return <CreateGroupPage />;
  const group = /^\/groups\/(cg-[a-z0-9]+)(?:\/([a-z]+))?$/.exec(path);
  if (group) return <GroupPage id={group[1]} tab={group[2] ?? "containers"} />;
  const kind = RESOURCE_KINDS.find((k) => path === `/${k.route}`);
  if (kind) return <ResourcePage key={kind.route} kind={kind} />;
  const cache = /^\/image-caches\/(ic-[a-z0-9]+)$/.exec(path);
  if (cache) return <ImageCachePage id={cache[1]} />;
  if (path === "/access-keys") return <AccessKeysPage />;
  if (path === "/billing") return <BillingPage />;
  if (path === "/quotas") return <QuotasPage />;
  return <NotFoundPage />;
}

/** Logged out: the login screen. Logged in: the shell and the screen of the path. A 401 anywhere logs out. */
export function App() {
  const [key, setKey] = useState(readKey);
  const [notice, setNotice] = useState<string>();
  const { path } = useLocation();
  // Only state setters inside, which never change: the memos below may keep the first one.
  const logOut = () => {
    forgetKey();
    setKey(null);
  };

  const client = useMemo(() => {
    if (!key) return null;
    return new EngineClient(key, (message) => {
      setNotice(`The engine refused the access key (${message}). Log in again.`);
      logOut();
    });
  }, [key]);

  const session = useMemo<Session | null>(() => {
    if (!client) return null;
    return {
      client,
      logOut,
      switchKey: (k) => {
        saveKey(k);
        setKey(k);
      },
    };
  }, [client]);

  if (!session) {
    return (
      <LoginPage
        notice={notice}
        onLogin={(k) => {
          saveKey(k);
          setNotice(undefined);
          setKey(k);
          if (path === "/") navigate("/groups", { replace: true });
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <Shell>{route(path)}</Shell>
    </SessionContext.Provider>
  );
}
