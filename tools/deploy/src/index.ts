export * from './apps';
export { OVERLAYS, renderOverlay, overlayProblems } from './k8s/overlays';
export { httpProbes, probePathProblems } from './k8s/rules';
