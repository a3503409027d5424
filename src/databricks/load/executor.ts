/** Anything that runs one SQL statement and returns its rows: the Databricks client, or a test double. */
export interface Executor {
  execute(sql: string): Promise<Record<string, unknown>[]>;
}
