// PostgreSQL migration 3: evidence photos on the server, so a supervisor at any desk sees every
// station's photos. Content-addressed (the key is the SHA-256 of the bytes, checked again on read by
// service/serverPhotoStore.ts); a station may add a photo, never change or remove one. SQLite stations
// keep photos as files beside their database instead (service/photoStore.ts).
import { STATION_ROLE } from './002_roles';

export default /* sql */ `
CREATE TABLE photo_blobs (
  sha256 text COLLATE "C" PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  mime text COLLATE "C" NOT NULL,
  size bigint NOT NULL CHECK (size = octet_length(bytes)),
  bytes bytea NOT NULL,
  stored_at text COLLATE "C" NOT NULL
);
REVOKE ALL ON photo_blobs FROM PUBLIC;
GRANT SELECT, INSERT ON photo_blobs TO ${STATION_ROLE};
`;
