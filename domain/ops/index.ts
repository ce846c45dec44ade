/** Parcel operations terra-draw lacks, as pure functions over GeoJSON. */
export { cutHole } from './cutHole';
export { clipAwayFrom, clipToZone } from './clipShape';
export { mergeParcels } from './mergeParcels';
export { splitParcel } from './splitParcel';
export { OP_REASONS, type OpReason, type OpResult } from './opReasons';
