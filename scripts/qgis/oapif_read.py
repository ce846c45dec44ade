#!/usr/bin/python3
"""Reads one collection of a running Land Ledger through QGIS's own OGC API –
Features provider (OAPIF, the one a planner's QGIS uses) and prints, as JSON,
what QGIS made of it: the layer's geometry type and fields, and per feature its
served id, name, geometry type and ellipsoidal area on the CGCS2000 ellipsoid.

Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/qgis/oapif_read.py http://127.0.0.1:PORT/ogc parcels
Needs Debian's qgis + python3-qgis (QGIS 3.22 on bookworm); runs headless.
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402  (QT_QPA_PLATFORM must be set before Qt loads)
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsDistanceArea,
    QgsVectorLayer,
    QgsWkbTypes,
)

# CGCS2000 (GB/T 18522 / EPSG:1024): a = 6378137 m, f = 1/298.257222101 — the
# ellipsoid the ledger's official areas are computed on (domain/ellipsoid.ts).
CGCS2000_A = 6378137.0
CGCS2000_B = CGCS2000_A * (1 - 1 / 298.257222101)


def read(base: str, collection: str) -> dict:
    uri = f"url='{base}' typename='{collection}' pageSize='100'"
    layer = QgsVectorLayer(uri, collection, "OAPIF")
    out = {"qgisVersion": Qgis.QGIS_VERSION, "uri": uri, "valid": layer.isValid()}
    if not layer.isValid():
        out["error"] = layer.error().summary()
        return out
    out["layerGeometryType"] = QgsWkbTypes.displayString(layer.wkbType())
    out["crs"] = layer.crs().authid()
    out["featureCount"] = layer.featureCount()
    out["fields"] = [{"name": f.name(), "type": f.typeName()} for f in layer.fields()]
    area = QgsDistanceArea()
    area.setSourceCrs(QgsCoordinateReferenceSystem("EPSG:4326"), QgsCoordinateTransformContext())
    area.setEllipsoid(CGCS2000_A, CGCS2000_B)
    out["ellipsoidal"] = area.willUseEllipsoid()
    names = layer.fields().names()
    features = []
    for feature in layer.getFeatures():
        geometry = feature.geometry()
        row = {
            "fid": feature.id(),
            "name": feature["name"] if "name" in names else None,
            "zoneCodes": feature["zoneCodes"] if "zoneCodes" in names else None,
            # QGIS 3.22 types JSON properties as JSON; say whether it kept a value at all.
            "zonesRead": feature["zones"] not in (None, "") and str(feature["zones"]) != "NULL" if "zones" in names else None,
            "geometryType": QgsWkbTypes.displayString(geometry.wkbType()),
            "parts": geometry.constGet().partCount() if not geometry.isNull() else 0,
            "ellipsoidalAreaSquareMeters": area.measureArea(geometry) if not geometry.isNull() else None,
        }
        features.append(row)
    out["features"] = features
    return out


def main() -> int:
    app = QgsApplication([], False)
    app.setPrefixPath("/usr", True)
    app.initQgis()
    out = read(sys.argv[1], sys.argv[2])
    print(json.dumps(out, ensure_ascii=False))
    sys.stdout.flush()
    # QGIS 3.22's exitQgis() can crash tearing down the network threads the
    # provider used (a segfault after the answer was printed); the answer is
    # complete, so leave without the teardown.
    os._exit(0 if out["valid"] else 2)


if __name__ == "__main__":
    main()
