import { type ReactNode, useEffect } from "react";

/** A screen's title (also the tab's), a line on what it is for, and its actions. */
export function PageHeader({ title, intro, actions, children }: { title: string; intro?: ReactNode; actions?: ReactNode; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · ECI console`;
  }, [title]);
  return (
    <header className="page-header">
      <div className="page-title">
        <h1>{title}</h1>
        {children}
        {intro && <p className="page-intro">{intro}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}
