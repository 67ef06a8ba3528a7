import type { TimelineEntry } from '../api/query-api.types';
import { actorText, formatInstant } from '../shared/format';
import { boxOf, causeText, correctionReason, correctionText, drawingSize, GEOMETRY, LANES, laneName, layoutTimeline, linkPath, shortId, type TimelineLayout } from './timeline-layout';

/** One colour per correlation, in the order they appear; they repeat past the last. */
const CORRELATION_COLOURS = ['#2f6fdd', '#d9731a', '#2a9d5b', '#a4389f', '#c23b3b', '#6b7280'];
const colourOf = (correlation: number) => CORRELATION_COLOURS[correlation % CORRELATION_COLOURS.length];

/**
 * The timeline drawn (a lane per service, an arrow per causation) and listed. A corrected event is
 * drawn dashed, a correction shaded, and a dashed red arrow runs from a correction to what it corrects.
 */
export function TimelineView({ entries }: { entries: readonly TimelineEntry[] }) {
  if (entries.length === 0) return <p className="meta">No events yet.</p>;
  const layout = layoutTimeline(entries);
  return (
    <div className="timeline">
      <TimelineDrawing layout={layout} />
      <TimelineTable layout={layout} />
    </div>
  );
}

function TimelineDrawing({ layout }: { layout: TimelineLayout }) {
  const { width, height } = drawingSize(layout);
  return (
    <svg className="timeline-drawing" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label="the order's events by service, with what caused each">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#555" />
        </marker>
        <marker id="corrects" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#c23b3b" />
        </marker>
      </defs>
      {LANES.map((lane, index) => (
        <g key={lane}>
          <rect x={index * GEOMETRY.laneWidth + 4} y={0} width={GEOMETRY.laneWidth - 8} height={height} className="lane" />
          <text x={index * GEOMETRY.laneWidth + GEOMETRY.laneWidth / 2} y={22} className="lane-title" textAnchor="middle">
            {laneName(lane)}
          </text>
        </g>
      ))}
      {layout.links.map(({ from, to }) => {
        const cause = layout.entries[from];
        const effect = layout.entries[to];
        if (cause === undefined || effect === undefined) return null;
        return <path key={`${from}-${to}`} d={linkPath(boxOf(cause), boxOf(effect))} className="causation" markerEnd="url(#arrow)" />;
      })}
      {layout.corrections.map(({ corrected, correction }) => {
        const target = layout.entries[corrected];
        const source = layout.entries[correction];
        if (target === undefined || source === undefined) return null;
        // drawn from the corrected event down to its correction, the arrowhead at the corrected one
        return <path key={`c${correction}-${corrected}`} d={linkPath(boxOf(target), boxOf(source))} className="correction-link" markerStart="url(#corrects)" data-corrects={target.entry.type} />;
      })}
      {layout.entries.map((placed) => {
        const { x, y } = boxOf(placed);
        const kind = [placed.entry.correctedBy !== undefined ? 'corrected' : '', placed.entry.corrects !== undefined ? 'correction' : ''].filter(Boolean).join(' ');
        return (
          <g key={placed.entry.eventId} className={`event ${kind}`.trim()} data-event-type={placed.entry.type}>
            <rect x={x} y={y} width={GEOMETRY.boxWidth} height={GEOMETRY.boxHeight} rx={6} fill="#fff" stroke={colourOf(placed.correlation)} strokeWidth={2} />
            <text x={x + 10} y={y + 18} className="event-type">
              {placed.entry.type}
            </text>
            <text x={x + 10} y={y + 35} className="event-meta">
              v{placed.entry.version} · {formatInstant(placed.entry.occurredAt).slice(11)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function TimelineTable({ layout }: { layout: TimelineLayout }) {
  return (
    <table className="timeline-table">
      <thead>
        <tr>
          <th>when (UTC)</th>
          <th>service</th>
          <th>event</th>
          <th className="number">version</th>
          <th>caused by</th>
          <th>by</th>
          <th>correction</th>
          <th>correlation</th>
        </tr>
      </thead>
      <tbody>
        {layout.entries.map((placed) => (
          <tr key={placed.entry.eventId} data-event-type={placed.entry.type} className={placed.entry.correctedBy !== undefined ? 'corrected' : placed.entry.corrects !== undefined ? 'correction' : ''}>
            <td className="mono">{formatInstant(placed.entry.occurredAt)}</td>
            <td>{laneName(placed.entry.stream)}</td>
            <td>
              <details>
                <summary>{placed.entry.type}</summary>
                <pre>{JSON.stringify(placed.entry.data, null, 2)}</pre>
                <p className="mono">
                  event {placed.entry.eventId}
                  <br />
                  command {placed.entry.commandId}
                </p>
              </details>
            </td>
            <td className="number">{placed.entry.version}</td>
            <td>{causeText(placed, layout)}</td>
            <td data-testid="actor">{actorText(placed.entry.actor)}</td>
            <td data-testid="correction">
              {correctionText(placed, layout).map((line) => (
                <div key={line}>{line}</div>
              ))}
              {correctionReason(placed.entry) !== undefined && <div className="meta">“{correctionReason(placed.entry)}”</div>}
            </td>
            <td>
              <span className="swatch" style={{ background: colourOf(placed.correlation) }} />
              <span className="mono">{shortId(placed.entry.correlationId)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
