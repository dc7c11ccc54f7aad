import type { SignupDeviceType } from '../../../../shared/signup.ts';

type DrawnDevice = Exclude<SignupDeviceType, 'unknown'>;

/** A water meter: the coloured body (or rim), the serial number above the black 5-digit index. */
function WaterMeter({ colour, label }: { colour: string; label: string }) {
  return (
    <svg viewBox="0 0 240 180" role="img" aria-label={label} className="device-drawing">
      <rect x="0" y="78" width="40" height="24" fill="#9aa3ad" />
      <rect x="200" y="78" width="40" height="24" fill="#9aa3ad" />
      <circle cx="120" cy="90" r="82" fill={colour} />
      <circle cx="120" cy="90" r="68" fill="#f4f4f1" />
      <text x="120" y="70" textAnchor="middle" fontSize="17" fontWeight="bold" fill="#1a1a1a" fontFamily="Arial, sans-serif">
        542361524
      </text>
      <path d="M58 62 h18 M164 62 h18" stroke="#1a1a1a" strokeWidth="2" />
      <rect x="72" y="82" width="96" height="26" rx="3" fill="#111" />
      <text x="120" y="101" textAnchor="middle" fontSize="18" fill="#fff" fontFamily="monospace" letterSpacing="3">
        00123
      </text>
      <circle cx="120" cy="132" r="10" fill="none" stroke="#555" strokeWidth="2" />
      <path d="M120 132 l7 -5" stroke="#c8102e" strokeWidth="2" />
    </svg>
  );
}

/**
 * A heat cost allocator clipped to a radiator, and a heat meter on the pipes: on both, as the
 * help says, the 9-digit serial number just above the 5-digit index on black.
 */
function HeatingDevices({ label }: { label: string }) {
  return (
    <svg viewBox="0 0 240 180" role="img" aria-label={label} className="device-drawing">
      {[0, 1, 2, 3, 4, 5].map((fin) => (
        <rect key={fin} x={12 + fin * 22} y="30" width="16" height="120" rx="6" fill="#e3e6ea" stroke="#9aa3ad" />
      ))}
      <rect x="44" y="70" width="50" height="60" rx="4" fill="#fff" stroke="#444" strokeWidth="2" />
      <text x="69" y="88" textAnchor="middle" fontSize="8" fontWeight="bold" fill="#1a1a1a" fontFamily="Arial, sans-serif">
        542361524
      </text>
      <rect x="49" y="93" width="40" height="14" fill="#111" />
      <text x="69" y="104" textAnchor="middle" fontSize="9" fill="#fff" fontFamily="monospace">
        00042
      </text>
      <rect x="170" y="10" width="10" height="160" fill="#b0762f" />
      <rect x="206" y="10" width="10" height="160" fill="#b0762f" />
      <rect x="156" y="56" width="74" height="66" rx="6" fill="#fff" stroke="#444" strokeWidth="2" />
      <text x="193" y="74" textAnchor="middle" fontSize="9" fontWeight="bold" fill="#1a1a1a" fontFamily="Arial, sans-serif">
        542361524
      </text>
      <rect x="164" y="79" width="58" height="16" fill="#111" />
      <text x="193" y="91" textAnchor="middle" fontSize="10" fill="#fff" fontFamily="monospace">
        01234
      </text>
      <text x="193" y="110" textAnchor="middle" fontSize="8" fill="#1a1a1a" fontFamily="Arial, sans-serif">
        kWh
      </text>
    </svg>
  );
}

export function DeviceDrawing({ device, label }: { device: DrawnDevice; label: string }) {
  if (device === 'heating') return <HeatingDevices label={label} />;
  return <WaterMeter colour={device === 'hot_water' ? '#c8102e' : '#1f5fbf'} label={label} />;
}
