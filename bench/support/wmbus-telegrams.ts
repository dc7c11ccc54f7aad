/**
 * An endless supply of wmbusmeters telegrams that are all new readings: the devices in turn,
 * each at a later minute than its previous one, its index growing.
 */
export function telegramSequence(devices: ReadonlyArray<{ radioId: string }>): () => string {
  let sequence = 0;
  return () => {
    const position = sequence % devices.length;
    const round = Math.floor(sequence / devices.length);
    sequence += 1;
    const device = devices[position]!;
    const at = new Date(Date.UTC(2026, 0, 1) + round * 60_000).toISOString().replace('.000', '');
    return `{"_":"telegram","media":"water","meter":"multical21","name":"b${position}","id":"${device.radioId}","total_m3":${(round * 0.001 + 10).toFixed(3)},"target_m3":9.5,"status":"OK","timestamp":"${at}"}`;
  };
}
