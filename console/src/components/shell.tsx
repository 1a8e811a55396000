import { type ReactNode, useEffect, useState } from "react";
import { Link, useLocation } from "../router";
import { useSession } from "../session";

const NAV: Array<{ section: string; links: Array<{ to: string; label: string }> }> = [
  {
    section: "Compute",
    links: [
      { to: "/groups", label: "Container groups" },
      { to: "/standby-pools", label: "Standby pools" },
      { to: "/image-caches", label: "Image caches" },
    ],
  },
  { section: "Storage", links: [{ to: "/disks", label: "Disks" }] },
  {
    section: "Network",
    links: [
      { to: "/vpcs", label: "VPCs" },
      { to: "/vxnets", label: "Vxnets" },
      { to: "/eips", label: "EIPs" },
      { to: "/security-groups", label: "Security groups" },
    ],
  },
  {
    section: "Access",
    links: [
      { to: "/access-keys", label: "Access keys" },
      { to: "/registry-credentials", label: "Registry credentials" },
    ],
  },
  { section: "Account", links: [{ to: "/billing", label: "Billing" }, { to: "/quotas", label: "Quotas" }] },
];

/** The frame of every screen: a top bar, the navigation (behind a Menu button on a narrow screen), the content. */
export function Shell({ children }: { children: ReactNode }) {
  const { logOut } = useSession();
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [path]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="nav" onClick={() => setMenuOpen((open) => !open)}>
          Menu
        </button>
        <Link to="/groups" className="brand">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          ECI console
        </Link>
        <button type="button" className="button button-quiet" onClick={logOut}>
          Log out
        </button>
      </header>
      <nav id="nav" className={`nav${menuOpen ? " nav-open" : ""}`} aria-label="Main">
        {NAV.map((group) => (
          <div key={group.section} className="nav-section">
            <h2>{group.section}</h2>
            <ul>
              {group.links.map((link) => (
                <li key={link.to}>
                  <Link to={link.to} aria-current={path === link.to || path.startsWith(`${link.to}/`) ? "page" : undefined}>
                    {link.label}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
