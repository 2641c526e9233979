import { describe, expect, it } from 'vitest';
import { spreadsheetFromArgs } from '../../electron/main/spreadsheet-from-args';

describe('spreadsheetFromArgs', () => {
  it('takes the last spreadsheet argument, resolved against the launch folder', () => {
    expect(spreadsheetFromArgs(['/opt/app/smart-process-migrator', '--no-sandbox', 'contracts.xlsx'], '/home/anna/Documents')).toBe('/home/anna/Documents/contracts.xlsx');
    expect(spreadsheetFromArgs(['app', 'a.csv', '/tmp/b.XLSX'], '/x')).toBe('/tmp/b.XLSX');
  });

  it('ignores the executable, switches and files that are not spreadsheets', () => {
    expect(spreadsheetFromArgs(['/opt/app/smart-process-migrator.csv'], '/x')).toBeUndefined();
    expect(spreadsheetFromArgs(['app', '--data=/tmp/d.csv', 'notes.pdf', '.'], '/x')).toBeUndefined();
  });
});
