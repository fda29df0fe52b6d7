/** The messages a shell exchanges with the engine service running in a worker (Node worker or Web Worker). */
import type { JobEvent, RowPage, RowQuery, TableInfo } from '../contract/host';
import type { Result } from '../contract/result';

export type ServiceRequest =
  | { id: number; type: 'startJob'; jobId: string; kind: string; payload: unknown }
  | { id: number; type: 'cancelJob'; jobId: string }
  | { id: number; type: 'listTables' }
  | { id: number; type: 'queryRows'; query: RowQuery };

export type ServiceReply =
  | { id: number; type: 'reply'; result: Result<unknown> }
  | { type: 'jobEvent'; event: JobEvent };

export type ServiceReplyData = { jobId: string } | { cancelled: boolean } | TableInfo[] | RowPage;

/** Answers one request; job events are sent separately through the service's emit. */
import type { EngineService } from './engine-service';
export function answer(service: EngineService, request: ServiceRequest): ServiceReply {
  switch (request.type) {
    case 'startJob':
      return { id: request.id, type: 'reply', result: service.start(request.jobId, request.kind, request.payload) };
    case 'cancelJob':
      return { id: request.id, type: 'reply', result: service.cancel(request.jobId) };
    case 'listTables':
      return { id: request.id, type: 'reply', result: { ok: true, data: service.tables.list() } };
    case 'queryRows':
      return { id: request.id, type: 'reply', result: service.tables.query(request.query) };
  }
}
