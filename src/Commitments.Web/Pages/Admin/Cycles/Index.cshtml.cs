using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.FrozenReports;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Admin.Cycles;

/// <summary>
/// The reporting years, newest first, each with where its freeze stands: open, being frozen (since
/// when, by whom, with the progress page), failed (the reason, and the confirmation again) or frozen
/// (when, by whom). A handful of rows: the years with their themes and who froze them in one query,
/// the latest freeze run of every year in a second (not one per year).
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public class IndexModel(CommitmentsDbContext db, CycleFreezeRequests freezes, TimeProvider time) : PageModel
{
    public enum FreezeState
    {
        Open,
        Freezing,
        Failed,
        Frozen,
    }

    public sealed record Row(int Id, int Year, DateOnly UpdatesDueOn, DateOnly FreezesOn, int FirstReminderDaysBefore,
        int EscalateDaysAfter, DateTime? FrozenAt, string? FrozenBy, IReadOnlyList<string> Themes, ReportRun? FreezeRun)
    {
        public FreezeState State(DateTime now) => FrozenAt != null ? FreezeState.Frozen
            : FreezeRun is { } run && CycleFreezeRequests.UnderWay(run, now) ? FreezeState.Freezing
            : FreezeRun is { State: ReportRunState.Failed } ? FreezeState.Failed
            : FreezeState.Open;
    }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>A failed run's reason is stored once in both languages, "Dutch … (English …)": the reader's half.</summary>
    public static string Reason(string? error)
    {
        var open = error?.LastIndexOf(" (", StringComparison.Ordinal) ?? -1;
        if (error == null || open < 0 || !error.EndsWith(')'))
        {
            return error ?? "";
        }
        return UiCulture.IsDutch ? error[..open] : error[(open + 2)..^1];
    }

    public DateTime Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = time.GetUtcNow().UtcDateTime;
        var cycles = await db.ReportingCycles.AsNoTracking()
            .OrderByDescending(c => c.Year)
            .Select(c => new
            {
                c.Id, c.Year, c.UpdatesDueOn, c.FreezesOn, c.FirstReminderDaysBefore, c.EscalateDaysAfter, c.FrozenAt,
                // Who froze it, as the national file records it (kept as text; the account may be gone).
                FrozenBy = db.AnnualReports.Where(a => a.ReportingCycleId == c.Id && a.RegionId == null).Select(a => a.FrozenByName).FirstOrDefault(),
                Themes = c.Themes.OrderBy(t => t.SortOrder).ThenBy(t => t.Name).Select(t => t.Name).ToList(),
            })
            .ToListAsync(ct);
        var runs = await freezes.LatestPerCycleAsync(ct);
        Rows = cycles.Select(c => new Row(c.Id, c.Year, c.UpdatesDueOn, c.FreezesOn, c.FirstReminderDaysBefore,
            c.EscalateDaysAfter, c.FrozenAt, c.FrozenBy, c.Themes, runs.GetValueOrDefault(c.Id))).ToList();
    }
}
