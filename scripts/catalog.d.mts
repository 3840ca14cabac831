// Types of catalog.mjs for TypeScript callers (tools/simulate.ts).
export interface CatalogRow {
  iden: string;
  name: string;
  description: string;
  genericFile: string;
  specificPattern: string;
  format: string;
  maxLines: number;
  userAgent: string | null;
  templateSet: string;
  manufacturerIden: string;
  manufacturer: string;
}
export const MIGRATIONS_DIR: string;
export function loadCatalog(dir?: string): Promise<CatalogRow[]>;
