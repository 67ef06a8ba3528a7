export * from './apps';
export { OVERLAYS, PRODUCTION_OVERLAYS, renderOverlay, overlayProblems } from './k8s/overlays';
export { httpProbes, probePathProblems } from './k8s/rules';
