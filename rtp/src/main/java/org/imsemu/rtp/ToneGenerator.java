package org.imsemu.rtp;

/**
 * A continuous sine tone as 16-bit linear PCM, in frames of 20 ms (160 samples at 8 kHz, the G.711
 * packetisation of RFC 3551). The phase carries over from frame to frame, so the tone has no clicks.
 * Not thread-safe.
 */
public final class ToneGenerator {
    public static final int SAMPLE_RATE = 8000;
    public static final int FRAME_SAMPLES = 160;
    public static final double DEFAULT_FREQUENCY = 440.0;
    /** About -12 dBFS: loud enough to detect, far from clipping. */
    public static final int DEFAULT_AMPLITUDE = 8000;

    private final double frequency;
    private final int amplitude;
    private final int sampleRate;
    private double phase;

    public ToneGenerator() {
        this(DEFAULT_FREQUENCY, DEFAULT_AMPLITUDE, SAMPLE_RATE);
    }

    public ToneGenerator(double frequency) {
        this(frequency, DEFAULT_AMPLITUDE, SAMPLE_RATE);
    }

    public ToneGenerator(double frequency, int amplitude, int sampleRate) {
        if (sampleRate <= 0) throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        if (!(frequency > 0 && frequency < sampleRate / 2.0)) {
            throw new IllegalArgumentException("frequency must be between 0 and the Nyquist frequency " + sampleRate / 2 + " Hz: " + frequency);
        }
        if (amplitude < 0 || amplitude > Short.MAX_VALUE) throw new IllegalArgumentException("amplitude out of range 0-32767: " + amplitude);
        this.frequency = frequency;
        this.amplitude = amplitude;
        this.sampleRate = sampleRate;
    }

    public double frequency() {
        return frequency;
    }

    public int amplitude() {
        return amplitude;
    }

    /** The next 20 ms frame. */
    public short[] nextFrame() {
        return next(sampleRate / 50);
    }

    public short[] next(int samples) {
        short[] out = new short[samples];
        double step = 2 * Math.PI * frequency / sampleRate;
        for (int i = 0; i < samples; i++) {
            out[i] = (short) Math.round(amplitude * Math.sin(phase));
            phase += step;
            if (phase > 2 * Math.PI) phase -= 2 * Math.PI;
        }
        return out;
    }
}
