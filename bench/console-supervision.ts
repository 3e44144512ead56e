/**
 * The supervision dashboard in a real browser against a real server on a fresh embedded database
 * (demo data), as the county supervisor sup.xinye:
 *
 *   dashboard ready   from navigation to /dashboard until the totals and the chart are drawn
 *                     (median of 5 loads in fresh contexts)
 *   live feed         from sending openCase (as insp.fanji in 樊集乡) until the event is in the
 *                     feed's DOM (median and worst of 20): the target is 2 s
 *   Excel export      clicking 导出Excel on the unit table until the download starts (cold: the
 *                     exceljs chunk is fetched; warm: the second click)
 *
 *   npm run bench:console-supervision        (builds the web pages first when they are stale)
 */
import { consolePage, median, signIn, withConsole } from './console-lib';

const PORT = Number(process.env.BENCH_PORT ?? 3501);

async function main(): Promise<void> {
  await withConsole('supervision', PORT, async (server, browser) => {
    const session = async () => {
      const s = await consolePage(browser, server.base);
      await signIn(s.page, 'sup.xinye');
      return s;
    };

    // Dashboard loads.
    const ready: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = await session();
      const t0 = Date.now();
      await s.page.goto('/dashboard');
      await s.page.getByTestId('drill-411329305').waitFor();
      await s.page.getByTestId('unit-chart').locator('canvas').first().waitFor();
      ready.push(Date.now() - t0);
      await s.close();
    }

    // Live feed.
    const s = await session();
    await s.page.goto('/dashboard');
    await s.page.getByTestId('feed-status').getByText('已连接').waitFor();
    const token = await server.token('insp.fanji');
    const feed: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = Date.now();
      const { openCase } = await server.gql(
        `mutation($i: OpenCaseInput!) { openCase(input: $i) { number } }`,
        {
          i: {
            title: `看板基准-${i}`,
            source: 'COMPLAINT',
            handlingUnitCode: '411329305',
            workplaceUnitCode: '411329305212',
            employer: { name: `看板基准公司${i}-${t0}` },
            workersAffected: 2,
            amountOwed: '5000.00',
            description: '基准测试',
          },
        },
        token,
      );
      await s.page.getByTestId('feed-item').filter({ hasText: openCase.number }).waitFor();
      feed.push(Date.now() - t0);
    }

    // Excel export of the unit table.
    const exportMs: number[] = [];
    for (let i = 0; i < 2; i++) {
      const t0 = Date.now();
      await Promise.all([s.page.waitForEvent('download'), s.page.getByRole('button', { name: '导出Excel' }).first().click()]);
      exportMs.push(Date.now() - t0);
    }
    await s.close();

    console.log(`dashboard ready (totals + chart drawn): median ${median(ready)} ms, runs ${ready.join(', ')}`);
    console.log(`live feed, openCase sent -> event on screen: median ${median(feed)} ms, worst ${Math.max(...feed)} ms (n=${feed.length}, target 2000 ms)`);
    console.log(`Excel export of the unit table, click -> download: cold ${exportMs[0]} ms, warm ${exportMs[1]} ms`);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
