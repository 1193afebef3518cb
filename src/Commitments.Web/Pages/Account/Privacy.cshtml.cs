using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Commitments.Web.Privacy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Account;

/// <summary>
/// A signed-in user's privacy page (AVG): download everything the application holds about them, and
/// ask for their account to be removed. The request goes to the administrators (a line in the history
/// they see under Gebruikers); they anonymise the account, because history and commitments must stay.
/// Everything here is about the signed-in user only: the id comes from the sign-in, never from the request.
/// </summary>
public class PrivacyModel(UserManager<AppUser> users, CommitmentsDbContext db, PersonalDataExport export, TimeProvider time) : PageModel
{
    public const int MaxReasonLength = 1000;

    [BindProperty]
    [StringLength(MaxReasonLength, ErrorMessage = "Gebruik hoogstens 1000 tekens.")]
    public string? Reason { get; set; }

    /// <summary>When this user asked for removal, if they did and it is still open.</summary>
    public DateTime? RequestedAt { get; private set; }

    public bool JustRequested { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        RequestedAt = await OpenRequestAsync(user.Id, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken ct)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId == null || await users.FindByIdAsync(userId) == null)
        {
            return Challenge();
        }
        var json = await export.ExportAsync(userId, ct);
        var day = AmsterdamTime.Now(time).ToString("yyyy-MM-dd", DutchLabels.Culture);
        return File(json, "application/json; charset=utf-8", $"persoonsgegevens-{day}.json");
    }

    public async Task<IActionResult> OnPostRemovalAsync(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }
        RequestedAt = await OpenRequestAsync(user.Id, ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        if (RequestedAt == null)
        {
            var reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
            db.AuditAccount(AuditActions.AccountRemovalRequested, user, reason);
            await db.SaveChangesAsync(ct);
            RequestedAt = time.GetUtcNow().UtcDateTime;
        }
        JustRequested = true;
        Reason = null;
        return Page();
    }

    private Task<DateTime?> OpenRequestAsync(string userId, CancellationToken ct) =>
        RemovalRequests.Open(db).Where(a => a.EntityId == userId).Select(a => (DateTime?)a.OccurredAt).FirstOrDefaultAsync(ct);
}

/// <summary>Requests to remove an account that no administrator has carried out yet.</summary>
public static class RemovalRequests
{
    /// <summary>
    /// The latest request per account, for accounts not anonymised since: a request is a history line
    /// about the account, carried out when an "anonymised" line follows it.
    /// </summary>
    /// <remarks>The history line's EntityId is the account's id, OccurredAt the moment, Details the reason.</remarks>
    public static IQueryable<AuditEntry> Open(CommitmentsDbContext db) =>
        db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == AuditActions.AccountRemovalRequested && a.EntityType == SecurityEvents.EntityType && a.EntityId != null)
            .Where(a => !db.AuditEntries.Any(done => done.Action == AuditActions.AccountAnonymised
                                                     && done.EntityType == SecurityEvents.EntityType
                                                     && done.EntityId == a.EntityId && done.Id > a.Id))
            .Where(a => !db.AuditEntries.Any(later => later.Action == AuditActions.AccountRemovalRequested
                                                      && later.EntityType == SecurityEvents.EntityType
                                                      && later.EntityId == a.EntityId && later.Id > a.Id));
}
