/**
 * The geometry the parcel editor needs only once a draft is open: the
 * domain operations (hole, split, merge, clip) and the save rules, all over
 * turf's polygon clipping. The editor imports this module on first use, so
 * the clipping code is a chunk of its own rather than part of the first load.
 */
export { clipAwayFrom, clipToZone, cutHole, mergeParcels, splitParcel } from '$domain/ops';
export { draftPreview, draftRules } from './draftChecks';
export { neighboursOf } from './ruleContext';
