"""Opens PostGIS tables as QGIS layers with QGIS's own PostgreSQL provider, headless.

Usage: python3 read-postgis.py HOST PORT DATABASE USER SCHEMA TABLE:GEOMETRY_COLUMN:KEY [...]

KEY is the table's primary key, its columns separated by commas. The password is taken from
PGPASSWORD (libpq reads it), never from the command line. Prints one JSON line per layer:
  {"table", "column", "valid", "crs", "geometryType", "featureCount", "spatialIndex",
   "fields": [[name, type], ...], "features": [{"attributes": {...}, "hasGeometry": bool,
   "wkt": ...}, ...]}
Attribute values are as QGIS holds them (NULL -> null, arrays -> lists). Run with
QT_QPA_PLATFORM=offscreen and the system python3 (Debian python3-qgis). In QGIS 3.22, test
isValid() on a layer before anything else.
"""
import json
import sys

from qgis.core import (
    QgsApplication,
    QgsDataSourceUri,
    QgsFeatureRequest,
    QgsFeatureSource,
    QgsVectorLayer,
    QgsWkbTypes,
)


def plain(value):
    """A QGIS attribute value as JSON: NULL (a null QVariant) is None, a list stays a list."""
    if value is None:
        return None
    try:
        from qgis.PyQt.QtCore import QVariant
        if isinstance(value, QVariant):
            return None if value.isNull() else plain(value.value())
    except ImportError:
        pass
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def read(host, port, database, user, schema, spec):
    table, column, key = spec.split(":")
    uri = QgsDataSourceUri()
    uri.setConnection(host, port, database, user, "")
    uri.setDataSource(schema, table, column, "", ",".join(f'"{k}"' for k in key.split(",")))
    layer = QgsVectorLayer(uri.uri(False), f"{table}.{column}", "postgres")
    out = {"table": table, "column": column}
    if not layer.isValid():
        return {**out, "valid": False}
    fields = [[f.name(), f.typeName()] for f in layer.fields()]
    features = []
    for feature in layer.getFeatures(QgsFeatureRequest()):
        geometry = feature.geometry()
        features.append({
            "attributes": {name: plain(feature[name]) for name, _ in fields},
            "hasGeometry": feature.hasGeometry(),
            "wkt": geometry.asWkt(9) if feature.hasGeometry() else None,
        })
    return {
        **out,
        "valid": True,
        "crs": layer.crs().authid(),
        "geometryType": QgsWkbTypes.displayString(layer.wkbType()),
        "featureCount": layer.featureCount(),
        "spatialIndex": layer.dataProvider().hasSpatialIndex() == QgsFeatureSource.SpatialIndexPresent,
        "fields": fields,
        "features": features,
    }


def main():
    host, port, database, user, schema, *specs = sys.argv[1:]
    app = QgsApplication([], False)
    app.initQgis()
    try:
        for spec in specs:
            print(json.dumps(read(host, port, database, user, schema, spec)), flush=True)
    finally:
        app.exitQgis()


if __name__ == "__main__":
    main()
