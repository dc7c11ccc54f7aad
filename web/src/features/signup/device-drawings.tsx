import type { SignupDeviceType } from '#shared/contracts/signup.ts';

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

/** What the help points at on every heating device: the 9-digit serial number just above the 5-digit index on black. */
function SerialAboveIndex({ centreX, top, indexWidth, size, index }: { centreX: number; top: number; indexWidth: number; size: number; index: string }) {
  return (
    <>
      <text x={centreX} y={top + size} textAnchor="middle" fontSize={size} fontWeight="bold" fill="#1a1a1a" fontFamily="Arial, sans-serif">
        542361524
      </text>
      <rect x={centreX - indexWidth / 2} y={top + size + 5} width={indexWidth} height={size + 6} fill="#111" />
      <text x={centreX} y={top + 2 * size + 7} textAnchor="middle" fontSize={size + 1} fill="#fff" fontFamily="monospace">
        {index}
      </text>
    </>
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
      <SerialAboveIndex centreX={69} top={80} indexWidth={40} size={8} index="00042" />
      <rect x="170" y="10" width="10" height="160" fill="#b0762f" />
      <rect x="206" y="10" width="10" height="160" fill="#b0762f" />
      <rect x="156" y="56" width="74" height="66" rx="6" fill="#fff" stroke="#444" strokeWidth="2" />
      <SerialAboveIndex centreX={193} top={65} indexWidth={58} size={9} index="01234" />
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
