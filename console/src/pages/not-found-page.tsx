import { PageHeader } from "../components/page-header";
import { Link } from "../router";

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" intro="The console has no screen at this address." />
      <p>
        <Link to="/groups">Go to the container groups</Link>
      </p>
    </>
  );
}
