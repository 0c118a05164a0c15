"""Adds a vector tile layer (XYZ, from a TileJSON document) to QGIS, headless, and reads its features.

Usage: python3 vector_tiles.py TILEJSON_URL [WIDTH_PX]

QGIS opens the layer as Layer > Add Layer > Vector Tile > XYZ does (QgsVectorTileLayer with
`type=xyz&url=<template>&zmin=&zmax=`), renders the network's bounds into a WIDTH_PX square
image (default 512), and a renderer that records what QGIS decoded hands back every feature of
every tile drawn, with its attributes as QGIS holds them.

Prints one JSON document on stdout:
  {"valid", "sourceMinZoom", "sourceMaxZoom", "crs", "tiles": ["z/x/y", ...],
   "layers": {"sections": [{"tile", "geometryType", "lonLat": [lon, lat] (first vertex),
                             "attributes": {...}}, ...], "sites": [...], "density": [...]}}
Run with QT_QPA_PLATFORM=offscreen and the system python3 (Debian python3-qgis).
"""
import json
import sys
import urllib.request

from qgis.core import (
    QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsDataSourceUri, QgsLineSymbol,
    QgsMapRendererSequentialJob, QgsMapSettings, QgsMarkerSymbol, QgsProject, QgsRectangle,
    QgsVectorTileBasicRenderer, QgsVectorTileBasicRendererStyle, QgsVectorTileLayer, QgsWkbTypes,
)
from qgis.PyQt.QtCore import QSize

WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
MERCATOR = QgsCoordinateReferenceSystem("EPSG:3857")


def plain(value):
    """A QGIS attribute value as JSON: NULL (a null QVariant) is None."""
    try:
        from qgis.PyQt.QtCore import QVariant
        if isinstance(value, QVariant):
            return None if value.isNull() else value.value()
    except ImportError:
        pass
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def every_field(fields):
    """A filter that is always true and names every field: QGIS 3.22 decodes only the fields a style uses."""
    return " OR ".join(f'"{name}" IS NULL OR "{name}" IS NOT NULL' for name in fields)


def recorder_class(seen, tiles, to_wgs84):
    class Recorder(QgsVectorTileBasicRenderer):
        """The basic renderer, recording every decoded feature (the layer renders a clone: clone() keeps the class)."""

        def clone(self):
            copy = Recorder()
            copy.setStyles(self.styles())
            return copy

        def renderTile(self, tile, context):
            tile_id = tile.id()
            name_of_tile = f"{tile_id.zoomLevel()}/{tile_id.column()}/{tile_id.row()}"
            tiles.add(name_of_tile)
            for layer_name in tile.layers():
                for feature in tile.layerFeatures(layer_name):
                    geometry = feature.geometry()
                    vertex = next(iter(geometry.vertices()), None) if not geometry.isEmpty() else None
                    lon_lat = None
                    if vertex is not None:
                        point = to_wgs84.transform(vertex.x(), vertex.y())
                        lon_lat = [point.x(), point.y()]
                    seen.setdefault(layer_name, []).append({
                        "tile": name_of_tile,
                        "geometryType": QgsWkbTypes.displayString(geometry.wkbType()),
                        "lonLat": lon_lat,
                        "attributes": {name: plain(feature[name]) for name in feature.fields().names()},
                    })
            super().renderTile(tile, context)

    return Recorder


def main():
    tilejson_url = sys.argv[1]
    width = int(sys.argv[2]) if len(sys.argv) > 2 else 512
    document = json.load(urllib.request.urlopen(tilejson_url))
    app = QgsApplication([], False)
    app.initQgis()
    try:
        uri = QgsDataSourceUri()
        uri.setParam("type", "xyz")
        uri.setParam("url", document["tiles"][0])
        uri.setParam("zmin", str(document["minzoom"]))
        uri.setParam("zmax", str(document["maxzoom"]))
        layer = QgsVectorTileLayer(bytes(uri.encodedUri()).decode(), document["name"])
        if not layer.isValid():
            print(json.dumps({"valid": False}))
            return
        seen, tiles = {}, set()
        to_wgs84 = QgsCoordinateTransform(MERCATOR, WGS84, QgsProject.instance())
        renderer = recorder_class(seen, tiles, to_wgs84)()
        styles = []
        for vector_layer in document["vector_layers"]:
            kind = QgsWkbTypes.LineGeometry if vector_layer["id"] == "sections" else QgsWkbTypes.PointGeometry
            style = QgsVectorTileBasicRendererStyle(vector_layer["id"], vector_layer["id"], kind)
            style.setSymbol(QgsLineSymbol() if kind == QgsWkbTypes.LineGeometry else QgsMarkerSymbol())
            style.setFilterExpression(every_field(vector_layer["fields"]))
            styles.append(style)
        renderer.setStyles(styles)
        layer.setRenderer(renderer)

        settings = QgsMapSettings()
        settings.setLayers([layer])
        settings.setDestinationCrs(MERCATOR)
        to_mercator = QgsCoordinateTransform(WGS84, MERCATOR, QgsProject.instance())
        settings.setExtent(to_mercator.transformBoundingBox(QgsRectangle(*document["bounds"])))
        settings.setOutputSize(QSize(width, width))
        job = QgsMapRendererSequentialJob(settings)
        job.start()
        job.waitForFinished()
        print(json.dumps({
            "valid": True,
            "sourceMinZoom": layer.sourceMinZoom(),
            "sourceMaxZoom": layer.sourceMaxZoom(),
            "crs": layer.crs().authid(),
            "tiles": sorted(tiles),
            "layers": seen,
        }))
    finally:
        app.exitQgis()


if __name__ == "__main__":
    main()
