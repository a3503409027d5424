/**
 * Unity Catalog objects, ownership and grants, and the information_schema views built from them.
 * - Privilege rows are spelled as information_schema spells them on Unity Catalog, with
 *   underscores (`USE_CATALOG`, `CREATE_TABLE`, `ALL_PRIVILEGES`), unlike GRANT's `USE CATALOG`.
 * - CATALOG_PRIVILEGES / SCHEMA_PRIVILEGES / TABLE_PRIVILEGES columns grantor, grantee,
 *   <object columns>, privilege_type, is_grantable, inherited_from
 *   (https://docs.databricks.com/sql/language-manual/information-schema/catalog_privileges.html ,
 *   …/schema_privileges.html, …/table_privileges.html); CATALOGS.catalog_owner,
 *   SCHEMATA.schema_owner, TABLES.table_owner.
 * - "The rows returned are limited to the schemas the user is privileged to interact with"
 *   (schema_privileges page): an object shows only to its owner or to someone holding a privilege
 *   on it or an ancestor; `hidden` objects never show (an admin-imposed blind spot for tests).
 * - Privilege inheritance, ownership and ALL PRIVILEGES: a privilege on a catalog or schema applies
 *   to everything below it (https://docs.databricks.com/aws/en/data-governance/unity-catalog/manage-privileges/privileges).
 */

export interface Grant {
  /** 'CATALOG' on the catalog, 'SCHEMA' on `schema`, 'TABLE' on `schema.table`. */
  securable: 'CATALOG' | 'SCHEMA' | 'TABLE';
  object: string;
  /** GRANT spelling (`USE CATALOG`); stored and shown with underscores. */
  privilege: string;
  grantee: string;
}

export const ucSpelling = (privilege: string): string => privilege.trim().toUpperCase().replace(/\s+/g, '_');

export class Catalog {
  readonly grants: Grant[] = [];
  readonly schemaOwners = new Map<string, string>();
  readonly tableOwners = new Map<string, string>();
  readonly hidden = new Set<string>();

  constructor(
    readonly name: string,
    readonly owner: string,
    readonly user: string,
    readonly groups: readonly string[],
  ) {}

  grant(g: Grant): void {
    this.grants.push({ ...g, privilege: ucSpelling(g.privilege) });
  }

  private mine = (principal: string): boolean => principal === this.user || this.groups.includes(principal);

  /** Ancestors of an object, itself first: `s.t` → [TABLE s.t, SCHEMA s, CATALOG]. */
  private chain(securable: Grant['securable'], object: string): { securable: Grant['securable']; object: string }[] {
    const schema = securable === 'CATALOG' ? undefined : object.split('.')[0];
    return [
      ...(securable === 'TABLE' ? [{ securable, object }] : []),
      ...(schema !== undefined ? [{ securable: 'SCHEMA' as const, object: schema }] : []),
      { securable: 'CATALOG' as const, object: this.name },
    ];
  }

  private owns(securable: Grant['securable'], object: string): boolean {
    const owner =
      securable === 'CATALOG'
        ? this.owner
        : securable === 'SCHEMA'
          ? this.schemaOwners.get(object)
          : this.tableOwners.get(object);
    return owner !== undefined && this.mine(owner);
  }

  /** Whether the caller holds `privilege` on the object: granted there or above, ALL PRIVILEGES, or owner there or above. */
  holds(privilege: string, securable: Grant['securable'], object: string): boolean {
    const wanted = ucSpelling(privilege);
    return this.chain(securable, object).some(
      (o) =>
        this.owns(o.securable, o.object) ||
        this.grants.some(
          (g) =>
            g.securable === o.securable &&
            g.object === o.object &&
            this.mine(g.grantee) &&
            (g.privilege === wanted || g.privilege === 'ALL_PRIVILEGES'),
        ),
    );
  }

  /** Throws Unity Catalog's refusal unless every privilege is held. */
  require(privileges: string[], securable: Grant['securable'], object: string): void {
    const lacking = privileges.find((p) => !this.holds(p, securable, object));
    if (lacking)
      throw new Error(
        `[INSUFFICIENT_PERMISSIONS] Insufficient privileges: User does not have ${ucSpelling(lacking).replace(/_/g, ' ')} on ${securable === 'CATALOG' ? 'Catalog' : securable === 'SCHEMA' ? 'Schema' : 'Table'} '${securable === 'CATALOG' ? this.name : `${this.name}.${object}`}'.`,
      );
  }

  private visible(securable: Grant['securable'], object: string): boolean {
    if (this.hidden.has(object)) return false;
    return this.chain(securable, object).some(
      (o) =>
        this.owns(o.securable, o.object) ||
        this.grants.some((g) => g.securable === o.securable && g.object === o.object && this.mine(g.grantee)),
    );
  }

  /** The rows of each information_schema view, as the caller sees them. */
  views(): Record<string, Record<string, string | null>[]> {
    const c = this.name;
    const grantsOn = (securable: Grant['securable']) =>
      this.grants.filter((g) => g.securable === securable && this.visible(securable, g.object));
    return {
      catalogs: [{ catalog_name: c, catalog_owner: this.owner }],
      catalog_privileges: grantsOn('CATALOG').map((g) => ({
        grantor: this.owner,
        grantee: g.grantee,
        catalog_name: c,
        privilege_type: g.privilege,
        is_grantable: 'NO',
        inherited_from: 'NONE',
      })),
      schemata: [...this.schemaOwners]
        .filter(([s]) => this.visible('SCHEMA', s))
        .map(([s, owner]) => ({ catalog_name: c, schema_name: s, schema_owner: owner })),
      schema_privileges: grantsOn('SCHEMA').map((g) => ({
        grantor: this.owner,
        grantee: g.grantee,
        catalog_name: c,
        schema_name: g.object,
        privilege_type: g.privilege,
        is_grantable: 'NO',
        inherited_from: 'NONE',
      })),
      tables: [...this.tableOwners]
        .filter(([t]) => this.visible('TABLE', t) && !this.hidden.has(t.split('.')[0]))
        .map(([t, owner]) => ({
          table_catalog: c,
          table_schema: t.split('.')[0],
          table_name: t.split('.')[1],
          table_type: 'MANAGED',
          table_owner: owner,
        })),
      table_privileges: grantsOn('TABLE').map((g) => ({
        grantor: this.owner,
        grantee: g.grantee,
        table_catalog: c,
        table_schema: g.object.split('.')[0],
        table_name: g.object.split('.')[1],
        privilege_type: g.privilege,
        is_grantable: 'NO',
        inherited_from: 'NONE',
      })),
    };
  }
}
