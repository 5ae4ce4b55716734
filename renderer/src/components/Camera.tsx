// Live camera view with camera and resolution choice (remembered), and a capture that waits for a real frame.
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

const CAMERA_KEY = 'parcel-gate.camera';
const RES_KEY = 'parcel-gate.resolution';
const RESOLUTIONS = ['1280x720', '1920x1080', '2560x1440', '3840x2160'];

export interface CameraHandle {
  /** A frame from the live camera, or null when there is no camera. */
  capture(): Promise<Blob | null>;
  /** Whether a camera is showing a picture. */
  live(): boolean;
  /** Opens the file chooser (the way to add or retake a photo without a camera). */
  chooseFiles(): void;
}

export const Camera = forwardRef<CameraHandle, { onFiles: (files: File[]) => void }>(function Camera({ onFiles }, ref) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState(() => localStorage.getItem(CAMERA_KEY) ?? '');
  const [resolution, setResolution] = useState(() => localStorage.getItem(RES_KEY) ?? '1920x1080');
  const [live, setLive] = useState(false);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let cancelled = false;
    const [w, h] = resolution.split('x').map(Number);
    (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) return;
        stream = await navigator.mediaDevices.getUserMedia({
          video: { deviceId: deviceId ? { exact: deviceId } : undefined, width: { ideal: w }, height: { ideal: h } },
          audio: false,
        });
        if (cancelled) return;
        if (video.current) {
          video.current.srcObject = stream;
          await video.current.play().catch(() => undefined);
        }
        setLive(true);
        const all = await navigator.mediaDevices.enumerateDevices();
        setDevices(all.filter((d) => d.kind === 'videoinput'));
      } catch {
        setLive(false);
      }
    })();
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [deviceId, resolution]);

  useImperativeHandle(ref, () => ({
    live: () => live,
    chooseFiles: () => fileInput.current?.click(),
    async capture() {
      const v = video.current;
      if (!v || !live) return null;
      const canvas = document.createElement('canvas');
      const c = canvas.getContext('2d', { willReadFrequently: true });
      if (!c) return null;
      // A camera's first frames can be black: wait (up to 2 s) for one with light in it.
      for (let tries = 0; tries < 40; tries++) {
        if (v.videoWidth > 0) {
          canvas.width = v.videoWidth;
          canvas.height = v.videoHeight;
          c.drawImage(v, 0, 0);
          const sample = c.getImageData(0, 0, Math.min(64, canvas.width), Math.min(64, canvas.height)).data;
          let sum = 0;
          for (let i = 0; i < sample.length; i += 4) sum += sample[i] + sample[i + 1] + sample[i + 2];
          if (sum / (sample.length / 4) > 15) break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      return new Promise<Blob | null>((resolve) => canvas.toBlob((b) => resolve(b), 'image/jpeg', 0.92));
    },
  }));

  return (
    <section
      className={dragging ? 'camera dragging' : 'camera'}
      aria-label={t('station.camera')}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        onFiles([...e.dataTransfer.files].filter((f) => f.type.startsWith('image/')));
      }}
    >
      <video ref={video} muted playsInline aria-label={t('station.camera')} className={live ? '' : 'hidden'} />
      {!live && <p className="camera-off">{t('station.cameraOff')}</p>}
      <div className="camera-controls">
        <label>
          {t('station.pickCamera')}{' '}
          <select
            value={deviceId}
            onChange={(e) => {
              setDeviceId(e.target.value);
              localStorage.setItem(CAMERA_KEY, e.target.value);
            }}
            tabIndex={-1}
          >
            <option value="">—</option>
            {devices.map((d, i) => (
              <option key={d.deviceId || i} value={d.deviceId}>
                {d.label || `${t('station.camera')} ${i + 1}`}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('station.resolution')}{' '}
          <select
            value={resolution}
            onChange={(e) => {
              setResolution(e.target.value);
              localStorage.setItem(RES_KEY, e.target.value);
            }}
            tabIndex={-1}
          >
            {RESOLUTIONS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label className="filebutton">
          {t('station.addFiles')}
          <input
            ref={fileInput}
            type="file"
            accept="image/jpeg,image/png,image/webp"
            multiple
            tabIndex={-1}
            onChange={(e) => {
              onFiles([...(e.target.files ?? [])]);
              e.target.value = '';
            }}
          />
        </label>
      </div>
    </section>
  );
});
