using Commitments.Core.Domain;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Progress;
using Microsoft.Extensions.Time.Testing;

namespace Commitments.Tests.Pages.Progress;

/// <summary>
/// Which cycle takes updates: the one the reminders chase (not frozen, conference not past, earliest),
/// else the latest that is not frozen; never a frozen one. Decided on the Amsterdam date.
/// </summary>
public sealed class OpenCycleTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    // 18 June 2019, 23:30 in Amsterdam: still the day of the 2019 conference there (21:30 UTC).
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2019, 6, 18, 21, 30, 0, TimeSpan.Zero));

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private async Task<int?> OpenYearAsync(params (int Year, string FreezesOn, bool Frozen)[] cycles)
    {
        await using (var db = _database.CreateContext(DataScope.Everything("test set-up"), _time))
        {
            db.ReportingCycles.RemoveRange(db.ReportingCycles);
            db.ReportingCycles.AddRange(cycles.Select(c => new ReportingCycle
            {
                Year = c.Year,
                UpdatesDueOn = new DateOnly(c.Year, 5, 1),
                FreezesOn = DateOnly.Parse(c.FreezesOn, System.Globalization.CultureInfo.InvariantCulture),
                FrozenAt = c.Frozen ? new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc) : null,
            }));
            await db.SaveChangesAsync();
        }
        await using var read = _database.CreateContext(DataScope.Everything("test"), _time);
        return (await ProgressReporting.OpenCycleAsync(read, _time, CancellationToken.None))?.Year;
    }

    [Fact]
    public async Task The_cycle_whose_conference_is_still_ahead_comes_first_even_when_next_years_cycle_exists() =>
        Assert.Equal(2019, await OpenYearAsync((2018, "2018-06-18", false), (2019, "2019-06-18", false), (2020, "2020-06-15", false)));

    [Fact]
    public async Task After_the_conference_the_next_cycle_is_open()
    {
        _time.Advance(TimeSpan.FromHours(1)); // 19 June in Amsterdam
        Assert.Equal(2020, await OpenYearAsync((2019, "2019-06-18", false), (2020, "2020-06-15", false)));
    }

    [Fact]
    public async Task Without_a_cycle_ahead_the_latest_that_is_not_frozen_still_takes_updates() =>
        Assert.Equal(2018, await OpenYearAsync((2017, "2017-06-19", false), (2018, "2018-06-18", false), (2019, "2019-06-17", true)));

    [Fact]
    public async Task A_frozen_cycle_is_never_open() =>
        Assert.Null(await OpenYearAsync((2018, "2018-06-18", true), (2019, "2019-06-18", true)));
}
