using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Dashboards;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Reviews;

/// <summary>
/// "Te beoordelen": the regional lead's queue of submitted commitments and revisions, and of
/// submitted progress updates, oldest submission first, with their age in days. Four queries (a count
/// and one page of rows for each), however long the queue; for a lead or an administrator the two
/// counts come from the dashboards' cache until a save (or a cycle's freeze) raises the data version,
/// so three (the version and the two pages).
/// </summary>
[Authorize(Policy = Policies.Reviews)]
public class IndexModel(CommitmentsDbContext db, TimeProvider time, DashboardCache cache) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "pagina")]
    public int PageNumber { get; set; } = 1;

    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "voortgangpagina")]
    public int UpdatesPageNumber { get; set; } = 1;

    public int UpdatesTotal { get; private set; }
    public int UpdatesPageCount => Math.Max(1, (UpdatesTotal + PageSize - 1) / PageSize);
    public IReadOnlyList<UpdateRow> Updates { get; private set; } = [];

    /// <summary>A progress update waiting for a decision (link: /Progress/Review/{Id}).</summary>
    public sealed record UpdateRow(int Id, string Title, string Organization, string Region, int Year, DateTime? SubmittedAt, int? AgeInDays);

    /// <summary>A lead's queue is all of its own region; an administrator's spans the regions.</summary>
    public bool ShowRegion => db.Scope.Kind != DataScopeKind.Region;

    /// <param name="Revision">The revision under review; above 1 when an approved commitment was changed.</param>
    /// <param name="AgeInDays">Calendar days in Amsterdam since the submission; null when the date is unknown.</param>
    public sealed record Row(int Id, string Title, string Organization, string Region, DateTime? SubmittedAt, int Revision, bool IsRevision, int? AgeInDays);

    private sealed record QueueCounts(int Commitments, int Updates);

    /// <summary>An unknown handler (<c>?handler=x</c>) would render the page without loading it: answer 404 instead.</summary>
    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod == null)
        {
            context.Result = NotFound();
            return Task.CompletedTask;
        }
        return next();
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = ReviewQueue.Waiting(db);
        // Counting the submitted progress updates reads every one of them through the tenancy join
        // (2,930 in the national data: the largest part of the page's time, docs/performance.md
        // "Review queue and who has not reported, second pass"); the pages of 50 read only their rows.
        // Not the request's token: waiting requests share this computation.
        async Task<QueueCounts> CountAsync(CancellationToken token) =>
            new(await query.CountAsync(token), await global::Commitments.Web.Progress.SubmittedProgressUpdates.CountAsync(db, token));
        var counts = DashboardCache.Caches(db.Scope)
            ? await cache.GetOrComputeAsync(
                DashboardCache.ReviewQueueKey(db.Scope, await DashboardCache.VersionAsync(db, ct)),
                () => CountAsync(CancellationToken.None))
            : await CountAsync(ct);
        Total = counts.Commitments;
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var page = await query
            .OrderBy(c => c.SubmittedAt).ThenBy(c => c.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(c => new
            {
                c.Id, c.Title, Organization = c.Organization!.Name, Region = c.Organization.Region!.Name,
                c.SubmittedAt, c.Revision, c.ApprovedRevision,
            })
            .ToListAsync(ct);

        var today = DateOnly.FromDateTime(AmsterdamTime.Now(time));
        int? Age(DateTime? submitted) =>
            submitted is { } at ? today.DayNumber - DateOnly.FromDateTime(AmsterdamTime.ToAmsterdam(at)).DayNumber : null;

        UpdatesTotal = counts.Updates;
        UpdatesPageNumber = Math.Clamp(UpdatesPageNumber, 1, UpdatesPageCount);
        Updates = (await global::Commitments.Web.Progress.SubmittedProgressUpdates.ListAsync(db, (UpdatesPageNumber - 1) * PageSize, PageSize, ct))
            .Select(u => new UpdateRow(u.Id, u.Title, u.Organization, u.Region, u.Year, u.SubmittedAt, Age(u.SubmittedAt)))
            .ToList();

        Rows = page.Select(c => new Row(c.Id, c.Title, c.Organization, c.Region, c.SubmittedAt, c.Revision,
                c.ApprovedRevision != null,
                c.SubmittedAt is { } at ? today.DayNumber - DateOnly.FromDateTime(AmsterdamTime.ToAmsterdam(at)).DayNumber : null))
            .ToList();
    }
}
