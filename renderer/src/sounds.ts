// Distinct sounds for the two outcomes, made with Web Audio: no files to ship or load.
let ctx: AudioContext | null = null;

function tone(freq: number, start: number, duration: number, type: OscillatorType, gain = 0.2) {
  if (!ctx) ctx = new AudioContext();
  const osc = ctx.createOscillator();
  const g = ctx.createGain();
  osc.type = type;
  osc.frequency.value = freq;
  g.gain.setValueAtTime(gain, ctx.currentTime + start);
  g.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + start + duration);
  osc.connect(g).connect(ctx.destination);
  osc.start(ctx.currentTime + start);
  osc.stop(ctx.currentTime + start + duration);
}

/** Two bright rising notes: cleared. */
export function playCleared(): void {
  try {
    tone(880, 0, 0.12, 'sine');
    tone(1320, 0.13, 0.18, 'sine');
  } catch {
    // no audio device: the screen still says it
  }
}

/** Three low square pulses: hold. Unmistakable from a step away. */
export function playHold(): void {
  try {
    for (let i = 0; i < 3; i++) tone(220, i * 0.22, 0.16, 'square', 0.25);
  } catch {
    // no audio device
  }
}

/** Two falling notes: a warning that needs a look (unknown tracking number), distinct from both verdicts. */
export function playWarning(): void {
  try {
    tone(660, 0, 0.15, 'triangle', 0.25);
    tone(440, 0.17, 0.25, 'triangle', 0.25);
  } catch {
    // no audio device
  }
}
