using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web;
using Commitments.Web.Email;
using Commitments.Web.Reminders;
using Commitments.Web.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

// Measurements of the product on real data (see docs/performance.md):
//
//   dotnet run --project tests/Commitments.Benchmarks -c Release -- reminder-scan --database data/scale-1x.db [--runs 5]
//   dotnet run --project tests/Commitments.Benchmarks -c Release -- reminder-scan --provider Postgres --connection "Host=…"
//
// reminder-scan: the daily reminder job on the national scale data, on the day its escalations fall due
// (the most work): the scan alone, median of --runs, with its SQL statement count; then one full run
// that writes every reminder and its mail, on a copy of the SQLite file, so the data stays as generated.
//
//   dotnet run --project tests/Commitments.Benchmarks -c Release -- load --url http://127.0.0.1:5099 --users 50 --duration 60 [--server-pid PID] [--totp-key KEY]
//
// load: many signed-in users of every role against a running application (LoadRun.cs).
//
//   dotnet run --project tests/Commitments.Benchmarks -c Release -- report --database data/scale-1x.db [--runs 5]
//
// report: the national annual report against the OpenXML SDK's pure streaming writer (ReportBenchmark.cs).
if (args.Length > 0 && args[0].StartsWith("report", StringComparison.Ordinal))
{
    return await ReportBenchmark.RunAsync(args);
}
var arguments = args.Skip(1).Select((a, i) => (a, i)).GroupBy(x => x.i / 2).ToDictionary(g => g.First().a, g => g.Last().a);
if (args.Length > 0 && args[0] == "load")
{
    return await Commitments.Benchmarks.LoadRun.RunAsync(arguments);
}
if (args.Length == 0 || args[0] != "reminder-scan")
{
    Console.Error.WriteLine("Usage: reminder-scan (--database FILE.db | --provider Postgres --connection \"...\") [--runs N]\n       report --database FILE.db [--year N] [--runs N]\n       load --url URL --users N --duration SECONDS");
    return 1;
}
var provider = arguments.TryGetValue("--provider", out var p) && p.Equals("Postgres", StringComparison.OrdinalIgnoreCase)
    ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
var runs = arguments.TryGetValue("--runs", out var r) ? int.Parse(r, CultureInfo.InvariantCulture) : 5;
string connection;
string? copy = null;
if (provider == DatabaseProvider.Sqlite)
{
    var file = Path.GetFullPath(arguments["--database"]);
    copy = Path.Combine(Path.GetTempPath(), $"reminder-scan-{Guid.NewGuid():N}.db");
    File.Copy(file, copy);
    connection = $"Data Source={copy}";
}
else
{
    connection = arguments["--connection"];
}

var counter = new StatementCounter();
var options = new DbContextOptionsBuilder<CommitmentsDbContext>(CommitmentsDatabase.Options(provider, connection)).AddInterceptors(counter).Options;
var clock = new FakeTimeProvider();
var links = new PublicLinks(new Uri("https://toezeggingen.techniekpact.nl"));

await using (var db = new CommitmentsDbContext(options, new ExplicitDataScopeAccessor(DataScope.Everything("benchmark")), clock))
{
    // The day the escalations of the latest open cycle fall due, 07:00 in Amsterdam.
    var cycle = await db.ReportingCycles.Where(c => c.FrozenAt == null).OrderByDescending(c => c.Year).FirstAsync();
    var day = cycle.UpdatesDueOn.AddDays(Math.Max(1, cycle.EscalateDaysAfter));
    clock.SetUtcNow(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(7, 0)), AmsterdamTime.Zone));
    Console.WriteLine($"{provider}: cycle {cycle.Year}, due {cycle.UpdatesDueOn:dd-MM-yyyy}, run on {day:dd-MM-yyyy}; " +
                      $"{await db.Commitments.CountAsync():N0} commitments, {await db.Users.CountAsync():N0} users");
}

ProgressReminderJob NewJob(out CommitmentsDbContext db, out DataScopeAccessor scope)
{
    scope = new DataScopeAccessor(new HttpContextAccessor());
    db = new CommitmentsDbContext(options, scope, clock);
    return new ProgressReminderJob(db, scope, new EmailOutbox(db, clock), links, clock, NullLogger<ProgressReminderJob>.Instance);
}

var times = new List<double>();
int planned = 0, statements = 0;
for (var i = 0; i < runs + 1; i++)
{
    var job = NewJob(out var db, out var scope);
    await using (db)
    {
        // RunAsync widens the scope the same way before it plans.
        using var widened = scope.Widen(DataScope.Everything("benchmark"));
        counter.Reset();
        var watch = Stopwatch.StartNew();
        planned = (await job.PlanAsync(CancellationToken.None)).Count;
        watch.Stop();
        statements = counter.Count;
        if (i > 0)
        {
            times.Add(watch.Elapsed.TotalMilliseconds); // the first run warms up EF's query cache
        }
    }
}
times.Sort();
Console.WriteLine($"scan: {planned:N0} reminders due, {statements} SQL statements, median {times[times.Count / 2]:N0} ms " +
                  $"(min {times[0]:N0}, max {times[^1]:N0}) over {runs} runs");

// The full run writes every reminder and its mail: on the SQLite copy only, so the scale data stays
// as generated (on PostgreSQL the scan above is what is measured).
if (provider == DatabaseProvider.Sqlite)
{
    var job = NewJob(out var db, out _);
    await using (db)
    {
        var watch = Stopwatch.StartNew();
        var sent = await job.RunAsync(CancellationToken.None);
        watch.Stop();
        Console.WriteLine($"full run: {sent:N0} reminders and mails written in {watch.Elapsed.TotalMilliseconds:N0} ms; " +
                          $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576:N0} MiB");
    }
}
if (copy != null)
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    File.Delete(copy);
}
return 0;

/// <summary>Counts the SQL statements EF sends.</summary>
internal sealed class StatementCounter : DbCommandInterceptor
{
    private int _count;
    public int Count => _count;
    public void Reset() => _count = 0;

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}
