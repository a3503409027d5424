/**
 * The statement that puts a session in UTC (Databricks SQL reference: SET TIME ZONE): the client
 * runs it on connect, and the load plan lists it first so a dry run shows it too.
 */
export const SET_UTC = "SET TIME ZONE 'UTC'";
