import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopicDeclaration } from '@rewind/contracts';
import { workspaceRoot, type DeployableApp } from '../apps';
import { imageNodeFlags } from '../docker/image-layout';
import { dockerfilePath } from '../docker/paths';
import { TOPICS_FILE, topicsYaml } from './kafka-topics';
import { renderKustomization, type KubeObject } from './render';
import * as rules from './rules';
import { schemaProblems } from './schemas';

/** The overlays users apply; each has a `rebuild/` kustomization for the rebuild Job beside it. */
export const OVERLAYS = ['dev', 'prod'] as const;

/**
 * The overlays for production, held to what only they must do: no server there takes a client
 * without credentials, or without TLS. The dev overlay may stay plain.
 */
export const PRODUCTION_OVERLAYS: readonly string[] = ['prod'];

/** How an overlay is checked: `production` for the overlays of PRODUCTION_OVERLAYS. */
export interface CheckOptions {
  readonly production?: boolean;
  /** The flags the image's CMD gives node; by default those of docker/Dockerfile. */
  readonly nodeFlags?: readonly string[];
}

/** What applying an overlay and then running its rebuild Job would create. */
export function renderOverlay(overlay: string): KubeObject[] {
  return [...renderKustomization(`k8s/overlays/${overlay}`), ...renderKustomization(`k8s/overlays/${overlay}/rebuild`)];
}

/** Every check of one rendered overlay, each problem prefixed with the rule that found it. */
export function overlayProblems(objects: readonly KubeObject[], apps: readonly DeployableApp[], topics: readonly TopicDeclaration[], { production = false, nodeFlags = imageNodeFlags(readFileSync(dockerfilePath, 'utf8')) }: CheckOptions = {}): string[] {
  const found: Record<string, string[]> = {
    schema: schemaProblems(objects),
    'apps-deployed': rules.appsDeployed(objects, apps),
    'config-provided': rules.configProvided(objects, apps),
    'uis-served': rules.uisServed(objects, apps),
    'topics-match': rules.topicsMatch(objects, topics, apps),
    'probes-on-app-port': rules.probesOnAppPort(objects, apps),
    'scrape-annotations': rules.scrapeAnnotations(objects, apps),
    'replicas-within-partitions': rules.replicasWithinPartitions(objects, topics),
    'disruption-budgets': rules.disruptionBudgets(objects, apps),
    'pods-hardened': rules.podsHardened(objects),
    'ingress-backends': rules.ingressBackends(objects),
    'internal-not-public': rules.internalNotPublic(objects),
    'instances-reach-each-other': rules.instancesReachEachOther(objects, apps),
    'state-kept': rules.stateKept(objects, apps),
    'rebuild-image': rules.rebuildUsesProjectorImage(objects),
    'rebuild-retries': rules.rebuildRetries(objects),
    'node-flags-kept': rules.nodeFlagsKept(objects, nodeFlags),
    'network-reachability': rules.networkReachability(objects),
    'topics-protected': rules.topicsProtected(objects),
    'kafka-access': rules.kafkaAccess(objects, apps),
    'mongodb-access': rules.mongodbAccess(objects, apps, { production }),
  };
  return Object.entries(found).flatMap(([rule, problems]) => problems.map((problem) => `${rule}: ${problem}`));
}

/** The generated KafkaTopic file is what the topic declaration gives today. */
export function topicsFileProblems(topics: readonly TopicDeclaration[], text = readFileSync(join(workspaceRoot, TOPICS_FILE), 'utf8')): string[] {
  return text === topicsYaml(topics) ? [] : [`${TOPICS_FILE} is stale: run npm run deploy:generate`];
}
