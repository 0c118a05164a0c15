"""Reads OGC API - Features collections with QGIS's own OAPIF provider, headless.

Usage: python3 read-oapif.py LANDING_URL COLLECTION [COLLECTION ...]

Prints one JSON line per collection on stdout:
  {"collection", "valid", "error", "geometryType", "fields": [[name, type], ...],
   "features": [{"id": ..., "attributes": {...}}, ...]}
Attribute values are as QGIS holds them (NULL -> null, lists -> arrays). Run with
QT_QPA_PLATFORM=offscreen and the system python3 (Debian python3-qgis).
"""
import json
import sys

from qgis.core import QgsApplication, QgsFeatureRequest, QgsVectorLayer, QgsWkbTypes


def plain(value):
    """A QGIS attribute value as JSON: NULL (a null QVariant) is None."""
    if value is None:
        return None
    try:
        from qgis.PyQt.QtCore import QVariant
        if isinstance(value, QVariant):
            return None if value.isNull() else value.value()
    except ImportError:
        pass
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def read(landing, collection):
    uri = f"url='{landing}' typename='{collection}'"
    layer = QgsVectorLayer(uri, collection, "oapif")
    # In QGIS 3.22, error() on an invalid OAPIF layer crashes: test isValid() first.
    if not layer.isValid():
        return {"collection": collection, "valid": False, "error": "the OAPIF provider could not open the layer"}
    fields = [[f.name(), f.typeName()] for f in layer.fields()]
    features = []
    for feature in layer.getFeatures(QgsFeatureRequest()):
        attributes = {name: plain(feature[name]) for name, _ in fields}
        features.append({"attributes": attributes, "hasGeometry": feature.hasGeometry()})
    return {
        "collection": collection,
        "valid": True,
        "geometryType": QgsWkbTypes.displayString(layer.wkbType()),
        "featureCount": layer.featureCount(),
        "fields": fields,
        "features": features,
    }


def main():
    landing, collections = sys.argv[1], sys.argv[2:]
    app = QgsApplication([], False)
    app.initQgis()
    try:
        for collection in collections:
            print(json.dumps(read(landing, collection)), flush=True)
    finally:
        app.exitQgis()


if __name__ == "__main__":
    main()
