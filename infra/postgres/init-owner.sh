#!/bin/sh
# Runs once, when the `pgdata` volume is initialised (docker-entrypoint-initdb.d of the postgres
# image), as the superuser `postgres`. Creates the login the app and the migrations use: it owns
# the database, is NOT a superuser (a superuser login could leave the app role with RESET ROLE),
# may create the app role neuroops_app (CREATEROLE), and may set app.role in the functions that
# the migrations create (Postgres 15 asks superuser rights for that, or this grant).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$NEUROOPS_DB_PASSWORD" <<'SQL'
CREATE ROLE neuroops LOGIN CREATEROLE NOSUPERUSER NOBYPASSRLS PASSWORD :'owner_password';
ALTER DATABASE neuroops OWNER TO neuroops;
GRANT SET ON PARAMETER app.role TO neuroops;
SQL
