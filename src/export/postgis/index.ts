export { type PostgisExport, type PostgisExportOptions, PostgisExportRequest, postgisExportRequest } from './export-request.js';
export { ResultGeometry } from './result-geometry.js';
export { type ColumnType, column, GEOMETRY_COLUMNS, type ResultColumn, type ResultGeometryType, type ResultRow, type ResultTable } from './result-table.js';
export { RESULT_TABLES, type ResultSources, type ResultTableName, resultTables } from './result-tables.js';
export { TABLE_MARK, type WriteTablesOptions, type WrittenTables, writeResultTables } from './write-tables.js';
