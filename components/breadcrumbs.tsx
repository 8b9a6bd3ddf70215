import Link from 'next/link';
import { breadcrumbListJsonLd, type Crumb } from './breadcrumb-trail';
import { JsonLd } from './json-ld';

interface BreadcrumbsProps {
  trails: Crumb[][];
  /** The shop's public origin; null: no JSON-LD (its URLs must be absolute, and no host is known). */
  origin: string | null;
}

/** The visible trails and their BreadcrumbList JSON-LD, from the same data. */
export function Breadcrumbs({ trails, origin }: BreadcrumbsProps) {
  const lists = origin ? breadcrumbListJsonLd(trails, origin) : [];
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumb">
      {trails.map((trail) => (
        <ol key={trail.map((crumb) => crumb.path).join(' ')}>
          {trail.map((crumb, index) =>
            index === trail.length - 1 ? (
              <li key={crumb.path} aria-current="page">
                {crumb.name}
              </li>
            ) : (
              <li key={crumb.path}>
                <Link href={crumb.path}>{crumb.name}</Link>
              </li>
            ),
          )}
        </ol>
      ))}
      {lists.length > 0 && <JsonLd data={lists.length === 1 ? lists[0] : lists} />}
    </nav>
  );
}
