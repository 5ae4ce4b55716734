// What a station's window talks to: the service on its own SQLite file (a one-station warehouse), or
// the warehouse server over a pinned HTTPS link (then this machine holds no database credential and
// no database: it signs users in at the server and sends every call there). Checked before the window
// opens: a server that cannot be reached, or shows another certificate, stops the station with a
// sentence naming station.json and the problem, in both languages.
import type { Channel } from '../../shared/api';
import type { Result } from '../../shared/result';
import { connectStation } from './server/stationLink';
import { ParcelGateService } from './service/service';
import { StationConfigError, stationConfigFile, type StationSetup } from './stationConfig';

export interface StationBackend {
  call(channel: Channel, req: unknown, ctx: { token: string | null }): Promise<Result<unknown>>;
  warmUp(): Promise<void>;
  close(): Promise<void>;
  /** Runs the backup schedule's check (a station on its own file; a server's stations are backed up with the server). */
  backupTick?(): Promise<void>;
}

export async function openStationBackend(setup: StationSetup, dataDir: string, nativeBinding?: string): Promise<StationBackend> {
  if (setup.kind !== 'server') {
    const service = new ParcelGateService({ dbFile: setup.kind === 'local' ? setup.dbFile : setup.db, dataDir, nativeBinding, station: setup.name });
    return {
      call: (channel, req, ctx) => service.call(channel, req, ctx),
      warmUp: () => service.warmUp(),
      close: () => service.close(),
      backupTick: async () => {
        await service.backups.schedule.tick();
      },
    };
  }
  const link = connectStation({ url: setup.server, fingerprint: setup.fingerprint });
  const first = await link.invoke('app:info', {}, null);
  if (!first.ok) {
    link.close();
    throw unreachable(stationConfigFile(dataDir), setup.server, first.error.code, first.error.params);
  }
  return {
    // The station's name is this machine's setting; the server keeps it with the session as a label.
    call: (channel, req, ctx) => link.invoke(channel, channel === 'session:signIn' ? { ...(req as object), station: setup.name } : req, ctx.token),
    // Photos are read on the server: nothing to start here.
    warmUp: async () => undefined,
    close: async () => link.close(),
  };
}

function unreachable(file: string, server: string, code: string, params: Record<string, string | number> | undefined): StationConfigError {
  if (code === 'FORBIDDEN' && params?.actual) {
    return new StationConfigError(
      file,
      `The server ${server} named in ${file} shows a certificate with fingerprint ${params.actual}, not the pinned ${params.expected}. The station does not connect: ask the administrator (the server may have been replaced, or someone is in between).`,
      `${file} 中的服务器 ${server} 出示的证书指纹是 ${params.actual}，与固定的 ${params.expected} 不符。本工位不会连接：请联系管理员（服务器可能已更换，或有人在中间截取）。`,
    );
  }
  return new StationConfigError(
    file,
    `The server ${server} named in ${file} cannot be reached. The station does not start and uses no other database: check the network and the server, then start again.`,
    `${file} 中的服务器 ${server} 无法连接。本工位不会启动，也不会改用其他数据库：请检查网络和服务器后重新启动。`,
  );
}
