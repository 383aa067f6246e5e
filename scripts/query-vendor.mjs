// The one module the docs' Query page imports: DuckDB-WASM's async API, Apache Arrow (for
// reading result types) and parquet-wasm (DuckDB-WASM 1.32 fetches its Parquet reader from
// an extension server at run time; the page must not leave the site, so Parquet is read
// with parquet-wasm and handed to DuckDB as Arrow). scripts/install-wasm bundles it.
export { AsyncDuckDB, VoidLogger } from "@duckdb/duckdb-wasm";
export * as arrow from "apache-arrow";
export { default as initParquet, readParquet } from "parquet-wasm/esm";
