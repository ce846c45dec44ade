/**
 * MapServer 8 side of bench/load.ts: the same parcels exported from the
 * Land Ledger SQLite file to a GeoPackage (with its R-tree spatial index),
 * a mapfile exposing layer `parcels` through OGC API – Features, a MapServer
 * config file, and lighttpd serving `mapserv` over FastCGI (lighttpd spawns
 * and supervises the workers; stopping lighttpd's process group stops them).
 *
 * Why not `ogr2ogr … -dialect SQLite -sql "… ST_GeomFromGeoJSON(geometry) …"`:
 * Debian 12's GDAL 3.6 has no SpatiaLite functions in that dialect ("no such
 * function: ST_GeomFromGeoJSON"). Reading our own OGC API with OAPIF works but
 * pages 10,000 at a time. So the rows are streamed to GeoJSONSeq here (the
 * stored geometry text as is) and ogr2ogr converts that, ~2 s for 200k.
 *
 * MapServer is given its best reasonable setup, measured on this machine
 * (CPU time of the mapserv workers over 200 sequential bbox requests):
 * PROCESSING "CLOSE_CONNECTION=DEFER" keeps the OGR/GeoPackage connection
 * open across FastCGI requests (7.2 → 1.7 ms of CPU per request), and a
 * PROJ string instead of "init=epsg:4326" skips a proj.db lookup (~0.6 ms).
 */
import Database from 'better-sqlite3';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, startGroup, waitForHttp, type Started } from './load.procs';

/** The same columns the OGC API serves for a parcel (zone_cells as its JSON text). */
const COLUMNS = [
  'id', 'name', 'land_use_code', 'status', 'supply_year', 'enterprise', 'industry_chain', 'investment_yi', 'output_yi',
  'factory_floor_square_meters', 'notes', 'heat_cooling_demand_kilowatts', 'power_demand_kilowatts', 'illustrative',
  'version', 'updated_at', 'area_square_meters', 'zone_cells',
];

/** Streams every parcel to GeoJSONSeq, then ogr2ogr → GPKG with a spatial index. Returns the feature count. */
export async function exportGeoPackage(dbPath: string, dir: string): Promise<{ gpkg: string; count: number; seconds: number }> {
  const t0 = performance.now();
  const seq = join(dir, 'parcels.geojsonl');
  const gpkg = join(dir, 'parcels.gpkg');
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const out = createWriteStream(seq);
  let count = 0;
  try {
    const stmt = db.prepare(`SELECT ${COLUMNS.join(', ')}, geometry FROM parcels ORDER BY id`);
    for (const row of stmt.iterate() as Iterable<Record<string, unknown>>) {
      const { geometry, ...properties } = row;
      const line = `{"type":"Feature","properties":${JSON.stringify(properties)},"geometry":${geometry as string}}\n`;
      if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
      count++;
    }
  } finally {
    db.close();
    out.end();
    await new Promise<void>((r) => out.once('close', () => r()));
  }
  // FID column `fid` (GDAL's own), `id` kept as an ordinary field so MapServer can serve it as the feature id.
  run('ogr2ogr', ['-f', 'GPKG', '-overwrite', gpkg, seq, '-nln', 'parcels', '-nlt', 'POLYGON', '-a_srs', 'EPSG:4326',
    '-lco', 'SPATIAL_INDEX=YES', '-lco', 'FID=fid', '-gt', '65536'], { timeoutMs: 300_000 });
  const info = run('ogrinfo', ['-so', '-ro', gpkg, 'parcels'], { timeoutMs: 60_000 });
  const m = /Feature Count: (\d+)/.exec(info);
  if (!m || Number(m[1]) !== count) throw new Error(`GeoPackage holds ${m?.[1]} features, expected ${count}`);
  return { gpkg, count, seconds: (performance.now() - t0) / 1000 };
}

export interface MapServerSetup {
  /** Prefix of the OGC API, e.g. http://127.0.0.1:18081/mapserv/parcels/ogcapi */
  base: string;
  server: Started;
}

/** Writes mapfile, MapServer config and lighttpd config into `dir`, starts lighttpd, waits until items answer. */
export async function startMapServer(opts: { dir: string; gpkg: string; port: number; procs: number }): Promise<MapServerSetup> {
  const { dir, gpkg, port, procs } = opts;
  const base = `http://127.0.0.1:${port}/mapserv/parcels/ogcapi`;
  const mapfile = join(dir, 'parcels.map');
  writeFileSync(
    mapfile,
    `MAP
  NAME "landledger"
  EXTENT 105 28 109 30
  PROJECTION "+proj=longlat +datum=WGS84 +no_defs" END
  WEB
    METADATA
      "oga_enable_request" "*"
      "oga_onlineresource" "${base}"
      "ows_title" "Land Ledger parcels (benchmark copy)"
      "ows_srs" "EPSG:4326"
    END
  END
  LAYER
    NAME "parcels"
    TYPE POLYGON
    STATUS ON
    CONNECTIONTYPE OGR
    CONNECTION "${gpkg}"
    DATA "parcels"
    PROCESSING "CLOSE_CONNECTION=DEFER"
    PROJECTION "+proj=longlat +datum=WGS84 +no_defs" END
    TEMPLATE "void"
    METADATA
      "ows_title" "parcels"
      "ows_extent" "105 28 109 30"
      "gml_include_items" "all"
      "gml_featureid" "id"
    END
  END
END
`,
  );
  const config = join(dir, 'mapserver.conf');
  writeFileSync(
    config,
    `CONFIG
  ENV
    MS_MAP_PATTERN "^${dir}/"
  END
  MAPS
    parcels "${mapfile}"
  END
END
`,
  );
  const lighttpdConf = join(dir, 'lighttpd.conf');
  writeFileSync(
    lighttpdConf,
    `server.modules = ("mod_fastcgi")
server.document-root = "${dir}"
server.bind = "127.0.0.1"
server.port = ${port}
server.errorlog = "${join(dir, 'lighttpd.error.log')}"
server.max-connections = 512
fastcgi.server = ( "/mapserv" => ((
  "bin-path" => "/usr/bin/mapserv",
  "socket" => "${join(dir, 'mapserv.sock')}",
  "max-procs" => ${procs},
  "check-local" => "disable",
  "bin-environment" => ( "MAPSERVER_CONFIG_FILE" => "${config}" )
)) )
`,
  );
  const server = startGroup('lighttpd+mapserv', 'lighttpd', ['-D', '-f', lighttpdConf], { logFile: join(dir, 'lighttpd.out.log') });
  await waitForHttp(`${base}/collections/parcels/items?limit=1&f=json`, server, 30_000);
  return { base, server };
}
