import { describe, expect, it } from 'vitest';
import { defaultProcessTitle } from '../../../shared/sheet/review/default-process-title';

describe('defaultProcessTitle', () => {
  it('uses a meaningful sheet name as it is', () => {
    expect(defaultProcessTitle('Заявки на ремонт', 'book1.xlsx', 'xlsx')).toBe('Заявки на ремонт');
  });
  it('writes a csv file name as words, without underscores or extension', () => {
    expect(defaultProcessTitle('crm_deals_2024', 'crm_deals_2024.csv', 'csv')).toBe('Crm deals 2024');
  });
  it('takes the file name when the sheet has a generic name', () => {
    expect(defaultProcessTitle('Pipeline', 'vendor_contracts.xlsx', 'xlsx')).toBe('Vendor contracts');
    expect(defaultProcessTitle('Sheet1', 'hiring-plan.xlsx', 'xlsx')).toBe('Hiring plan');
    expect(defaultProcessTitle('Лист1', 'заявки_клиентов.xlsx', 'xlsx')).toBe('Заявки клиентов');
  });
  it('never names the process after a generic sheet or a raw file name', () => {
    expect(defaultProcessTitle('Pipeline', 'contracts_2024_final.xlsx', 'xlsx')).toBe('Contracts 2024 final');
    expect(defaultProcessTitle('contracts_2024_final', 'contracts_2024_final.csv', 'csv')).toBe('Contracts 2024 final');
    expect(defaultProcessTitle('pipeline 2', 'sales.pipeline.xlsm', 'xlsx')).toBe('Sales pipeline');
  });
  it('turns underscores in a sheet name into spaces', () => {
    expect(defaultProcessTitle('open_tenders', 'x.xlsx', 'xlsx')).toBe('Open tenders');
  });
  it('keeps the generic sheet name when the file name is empty after cleaning', () => {
    expect(defaultProcessTitle('Pipeline', '.xlsx', 'xlsx')).toBe('Pipeline');
  });
});
