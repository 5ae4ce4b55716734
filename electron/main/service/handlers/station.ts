// The inspection station: photos in, a verdict out, and what the station's screen shows around it
// (the app's state, a parcel looked up by scan, this station's recent inspections).
import path from 'node:path';
import { AppError } from '../../../../shared/result';
import { redactDb } from '../../db/dbSetting';
import { inspectParcel } from '../inspection';
import { addPhoto } from '../photoEvidence';
import type { HandlerContext, Handlers } from './context';

export type StationChannel = 'app:info' | 'system:engine' | 'photo:add' | 'photo:read' | 'photo:get' | 'parcel:lookup' | 'parcel:inspect' | 'station:recent';

export function createStationHandlers(ctx: HandlerContext): Pick<Handlers, StationChannel> {
  return {
    'app:info': async (_req, who) => {
      const counts = await ctx.storage.counts();
      // Where the files live is for signed-in people and the command line, not for anyone who asks.
      const trusted = who.system || !!who.user;
      return {
        version: '0.1.0',
        dbFile: trusted ? redactDb(ctx.options.dbFile) : '',
        dataDir: trusted ? ctx.options.dataDir : '',
        ...counts,
        ocr: { state: ctx.ocr.state, workers: ctx.ocr.size, message: ctx.ocr.message, engine: ctx.ocr.engine },
      };
    },
    'system:engine': async (_req, who) => {
      const status = await ctx.storage.engineStatus();
      // Asked before sign-in too (the lost-server banner polls it): a file's folder only for people signed in.
      const trusted = who.system || !!who.user;
      return status.engine === 'sqlite' && !trusted ? { ...status, where: path.basename(status.where) } : status;
    },
    'photo:add': (req) => addPhoto(ctx.storage, ctx.photos, req.bytes, req.name),
    'photo:read': (req) => ctx.readPhoto(req.photoId),
    'photo:get': async (req) => {
      const meta = await ctx.storage.photoMeta(req.photoId);
      if (!meta) throw new AppError('NOT_FOUND', `No stored photo ${req.photoId.slice(0, 12)}…`);
      return { bytes: await ctx.photos.get(req.photoId, meta.mime), mime: meta.mime };
    },
    'parcel:lookup': async (req) => ({
      parcel: await ctx.storage.parcelSummary(req.trackingNo),
      order: await ctx.storage.orderByTracking(req.trackingNo),
    }),
    'parcel:inspect': (req, who) => inspectParcel(ctx, req, who),
    'station:recent': async (req, who) => {
      const midnight = new Date(ctx.now());
      midnight.setHours(0, 0, 0, 0);
      return {
        recent: await ctx.storage.recentInspections(who.station, req.limit),
        today: await ctx.storage.stationCounts(who.station, midnight.toISOString()),
      };
    },
  };
}
