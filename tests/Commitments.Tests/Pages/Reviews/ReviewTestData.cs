using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Reviews;

/// <summary>Commitments made for a test, through the lifecycle methods as the application makes them.</summary>
internal static class ReviewTestData
{
    /// <summary>A SMART commitment of the organisation, submitted at the test clock's now minus <paramref name="daysAgo"/>.</summary>
    public static async Task<Commitment> SubmittedAsync(CommitmentsWebFactory app, string organization, string title, int daysAgo = 0, int? cycleYear = null)
    {
        await using var db = app.CreateAdminDbContext();
        var org = await db.Organizations.SingleAsync(o => o.Name == organization);
        var cycle = cycleYear is { } year
            ? await db.ReportingCycles.SingleAsync(c => c.Year == year)
            : await db.ReportingCycles.OrderByDescending(c => c.Year).FirstAsync();
        var theme = await db.Themes.OrderBy(t => t.SortOrder).FirstAsync();
        var c = new Commitment
        {
            OrganizationId = org.Id,
            ReportingCycleId = cycle.Id,
            Title = title,
            Description = "Een toezegging voor de test.",
            StartDate = new DateOnly(2018, 9, 1),
            EndDate = new DateOnly(2020, 12, 31),
            BudgetEuros = 10_000m,
            Themes = [theme],
            Indicators = [new Indicator { Name = "deelnemers", Unit = "aantal", Baseline = 0, Target = 100, TargetDate = new DateOnly(2020, 12, 31) }],
        };
        c.Submit(app.Time.GetUtcNow().UtcDateTime.AddDays(-daysAgo));
        db.Commitments.Add(c);
        await db.SaveChangesAsync();
        return c;
    }

    public static async Task<Commitment> ReloadAsync(CommitmentsWebFactory app, int id)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.Commitments.AsNoTracking()
            .Include(c => c.Reviews).Include(c => c.Indicators).Include(c => c.Themes).Include(c => c.CoPartners)
            .SingleAsync(c => c.Id == id);
    }

    public static IEnumerable<KeyValuePair<string, string>> Decision(Guid version, string? comment = null)
    {
        yield return new("Form.Version", version.ToString());
        if (comment != null)
        {
            yield return new("Form.Comment", comment);
        }
    }
}
