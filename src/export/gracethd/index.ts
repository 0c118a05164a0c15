export { type GracethdExport, gracethdTables } from './gracethd-tables.js';
export { type ExportLoss, expectedImport, exportLosses, headendFlags, type ImportView } from './round-trip.js';
export type { Cell, GracethdTable } from './table.js';
export { EXPORT_VERSIONS, type ExportVersion, exportMapping, parseExportVersion } from './version.js';
export { tableCsv, toWkt, writeGracethdFolder } from './write-folder.js';
export { gracethdFieldTypes, gracethdLayer, writeGracethdGeoPackage } from './write-geopackage.js';
export { LAMBERT93_PRJ, SHAPEFILE_CPG, type ShapefileFiles, tableShapefile, writeGracethdShpCsv } from './write-shpcsv.js';
