/**
 * The role the app's runtime connections use: not the tables' owner, not a superuser,
 * no BYPASSRLS. A fixed literal because `SET ROLE` cannot take a bound parameter.
 * Created by the first migration.
 */
export const APP_ROLE = "neuroops_app";
