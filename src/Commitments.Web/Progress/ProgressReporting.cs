using System.Globalization;
using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Progress;

/// <summary>The rules of progress reporting that more than one page (and the reminders) share.</summary>
public static partial class ProgressReporting
{
    /// <summary>
    /// The open reporting cycle: the one whose progress is being reported now. That is the cycle the
    /// reminders chase (<see cref="Reminders.ProgressReminderJob.OpenCycle"/>: not frozen, its conference
    /// not yet past by the Amsterdam calendar, earliest first), because reminder e-mails link to the
    /// update form and the form must mean the same cycle. When there is no such cycle (this year's
    /// conference has passed and next year's cycle does not exist yet), the latest cycle that is not
    /// frozen still takes (late) updates until it is frozen. Null when every cycle is frozen. One query.
    /// </summary>
    /// <remarks>
    /// Not simply "the latest cycle that is not frozen", which is where new commitments go: an
    /// administrator may create next year's cycle before this year's conference, and partners then
    /// still report on this year.
    /// </remarks>
    public static Task<ReportingCycle?> OpenCycleAsync(CommitmentsDbContext db, TimeProvider time, CancellationToken ct)
    {
        var today = Today(time);
        return db.ReportingCycles.AsNoTracking()
            .Where(c => c.FrozenAt == null)
            .OrderBy(c => c.FreezesOn >= today ? 0 : 1)
            .ThenBy(c => c.FreezesOn >= today ? c.Year : -c.Year)
            .FirstOrDefaultAsync(ct);
    }

    /// <summary><see cref="OpenCycleAsync"/> picked from cycles already read (a page that reads them all anyway).</summary>
    public static ReportingCycle? OpenCycle(IEnumerable<ReportingCycle> cycles, TimeProvider time)
    {
        var today = Today(time);
        return cycles.Where(c => c.FrozenAt == null)
            .OrderBy(c => c.FreezesOn >= today ? 0 : 1)
            .ThenBy(c => c.FreezesOn >= today ? c.Year : -c.Year)
            .FirstOrDefault();
    }

    /// <summary>
    /// A commitment reports progress once it is approved, and keeps reporting (on its approved
    /// revision) while a newer revision is drafted or reviewed; a withdrawn one does not.
    /// </summary>
    public static readonly Expression<Func<Commitment, bool>> Reports =
        c => c.Status == CommitmentStatus.Approved || (c.ApprovedRevision != null && c.Status != CommitmentStatus.Withdrawn);

    /// <summary><see cref="Reports"/> for a loaded commitment.</summary>
    public static bool ReportsProgress(this Commitment c) =>
        c.Status == CommitmentStatus.Approved || (c.ApprovedRevision != null && c.Status != CommitmentStatus.Withdrawn);

    /// <summary>
    /// Who decides on a submitted update: the regional lead of the lead partner's region, or an
    /// administrator (the same as for commitments). Ministries read; partners never review.
    /// </summary>
    public static bool MayReview(Commitments.Core.Tenancy.DataScope scope, int commitmentRegionId) =>
        (scope.Kind == Commitments.Core.Tenancy.DataScopeKind.Region && scope.RegionId == commitmentRegionId)
        || scope.Kind == Commitments.Core.Tenancy.DataScopeKind.Everything;

    /// <summary>The date an update is late after: past <see cref="ReportingCycle.UpdatesDueOn"/>, by the Amsterdam calendar.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(AmsterdamTime.Now(time));

    public static bool IsOverdue(ReportingCycle cycle, ProgressUpdateStatus? status, DateOnly today) =>
        today > cycle.UpdatesDueOn && status is null or ProgressUpdateStatus.Draft or ProgressUpdateStatus.Returned;

    /// <summary>
    /// The indicators a commitment reports on, with the terms that count: the current ones, or, while a
    /// newer revision is in the works, those of the approved revision (that still exist).
    /// Indicators must be loaded.
    /// </summary>
    public static IReadOnlyList<ReportableIndicator> IndicatorsOf(Commitment c)
    {
        if (c.IsRevisionInProgress && CommitmentContent.FromJson(c.ApprovedContent) is { } approved)
        {
            var existing = c.Indicators.Select(i => i.Id).ToHashSet();
            return approved.Indicators.Where(i => existing.Contains(i.Id))
                .Select((i, n) => new ReportableIndicator(i.Id, i.Name, i.Unit, i.Baseline, i.Target, i.TargetDate, n))
                .ToList();
        }
        return c.Indicators.OrderBy(i => i.SortOrder).ThenBy(i => i.Id)
            .Select(i => new ReportableIndicator(i.Id, i.Name, i.Unit, i.Baseline, i.Target, i.TargetDate, i.SortOrder))
            .ToList();
    }

    /// <summary>
    /// How far a value has come from the baseline to the target, in percent: (value − baseline) /
    /// (target − baseline) × 100. Null without a target, or when target and baseline are the same
    /// (there is no way to go).
    /// </summary>
    public static decimal? ProgressPercent(decimal value, decimal baseline, decimal? target)
    {
        if (target is not { } t || t == baseline)
        {
            return null;
        }
        return Math.Round((value - baseline) / (t - baseline) * 100m, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>"66,7%" · "66.7%" (the reader's culture), "–" when there is no percentage.</summary>
    public static string PercentText(decimal? percent) =>
        percent is { } p ? p.ToString("#,##0.#", UiFormat.Culture) + "%" : "–";

    /// <summary>The largest value an indicator can hold (the column keeps 16 digits before the comma).</summary>
    public const decimal MaxValue = 999_999_999_999_999.99m;

    /// <summary>
    /// Reads an indicator value as the reader types it in their language: 120 · -3 · 57,5 · 1.234,56 in
    /// Dutch, 57.5 · 1,234.56 in English; at most two decimals (what the database keeps), separators only
    /// where they belong (<see cref="UiFormat.ParseInput"/>).
    /// </summary>
    public static bool TryParseValue(string? text, out decimal value)
    {
        var parsed = UiFormat.ParseInput(text, 2, allowNegative: true, MaxValue);
        value = parsed ?? 0;
        return parsed != null;
    }

    /// <summary>How a value is shown in the form, so that it reads back the same: 1.234,5 · 1,234.5.</summary>
    public static string FormatValue(decimal value) => UiFormat.Input(value, grouped: true);
}

/// <summary>An indicator as it counts for reporting (see <see cref="ProgressReporting.IndicatorsOf"/>).</summary>
public sealed record ReportableIndicator(int Id, string Name, string Unit, decimal Baseline, decimal? Target, DateOnly? TargetDate, int SortOrder);
