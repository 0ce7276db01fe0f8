/* store_sql.h — the schema files, compiled in (see data/embed-sql.sh).
 *
 * Step i brings a store from user_version steps[i].version - 1 to
 * steps[i].version; step 0 is data/schema.sql (version 1), the others
 * data/migrations/NNN-*.sql in order. */
#ifndef TETHER_STORE_SQL_H
#define TETHER_STORE_SQL_H

struct store_sql_step {
    int version;
    const char *file;
    const char *sql;
};

extern const struct store_sql_step store_sql_steps[];
extern const int store_sql_count;

#endif
