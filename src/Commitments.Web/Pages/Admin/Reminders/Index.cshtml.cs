using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Commitments.Web.Reminders;
using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Admin.Reminders;

/// <summary>
/// Reminders and mail for the administrator: run the reminder job now (queued in Hangfire, so it runs
/// exactly as the daily run does), the log of what was sent to whom and when, and failed deliveries
/// with a retry.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public class IndexModel(CommitmentsDbContext db, IBackgroundJobClient jobs, TimeProvider time) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<SentRow> Sent { get; private set; } = [];
    public IReadOnlyList<FailedRow> Failed { get; private set; } = [];
    public int TotalSent { get; private set; }

    [BindProperty(SupportsGet = true, Name = "pagina")]
    public int PageNumber { get; set; } = 1;

    public int PageCount => Math.Max(1, (TotalSent + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        TotalSent = await db.ReminderLogs.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Sent = await db.ReminderLogs.AsNoTracking()
            .OrderByDescending(l => l.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(l => new SentRow(l.SentAt, l.Kind, l.Recipient, l.CommitmentId, l.Commitment!.Title))
            .ToListAsync(ct);
        Failed = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.FailedAt != null)
            .OrderByDescending(m => m.FailedAt)
            .Take(100)
            .Select(m => new FailedRow(m.Id, m.To, m.Subject, m.Attempts, m.FailedAt!.Value, m.LastError))
            .ToListAsync(ct);
    }

    public IActionResult OnPostRunNow()
    {
        jobs.Enqueue<ProgressReminderJob>(job => job.RunAsync(CancellationToken.None));
        TempData["Message"] = Messages.Text("De herinneringstaak staat in de wachtrij en draait binnen enkele seconden.");
        return RedirectToPage();
    }

    /// <summary>Puts a failed message back in the queue; the outbox job delivers it on its next run.</summary>
    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct)
    {
        var message = await db.OutboxMessages.FirstOrDefaultAsync(m => m.Id == id && m.FailedAt != null, ct);
        if (message == null)
        {
            return NotFound();
        }
        message.FailedAt = null;
        message.Attempts = 0;
        message.LockedUntil = null;
        message.NextAttemptAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        TempData["Message"] = Messages.Text("Het bericht wordt opnieuw verstuurd.");
        return RedirectToPage();
    }

    public sealed record SentRow(DateTime SentAt, ReminderKind Kind, string Recipient, int CommitmentId, string Title);

    public sealed record FailedRow(long Id, string To, string Subject, int Attempts, DateTime FailedAt, string? LastError);
}
