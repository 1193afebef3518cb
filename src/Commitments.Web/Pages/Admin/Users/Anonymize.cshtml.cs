using System.Security.Claims;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Commitments.Web.Pages.Account;
using Commitments.Web.Privacy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Admin.Users;

/// <summary>
/// An administrator anonymises a departed person's account (<see cref="AccountAnonymizer"/>): a page
/// that says what will happen, and a post that does it. Not undoable, so the page asks first.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public class AnonymizeModel(CommitmentsDbContext db, AccountAnonymizer anonymizer) : PageModel
{
    public AppUser Account { get; private set; } = null!;

    /// <summary>How many commitments name this person as contact (they keep their contact's place, without the name).</summary>
    public int ContactOn { get; private set; }

    public DateTime? RequestedAt { get; private set; }
    public string? RequestReason { get; private set; }

    public bool IsSelf => Account.Id == User.FindFirstValue(ClaimTypes.NameIdentifier);
    public bool IsAnonymised => AccountAnonymizer.IsAnonymised(Account);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (IsSelf)
        {
            ModelState.AddModelError(string.Empty,
                Messages.Text("U kunt uw eigen account niet anonimiseren; laat een andere beheerder dat doen."));
            return Page();
        }
        var outcome = await anonymizer.AnonymiseAsync(id, User, ct);
        TempData["Message"] = outcome == null
            ? Messages.Text("Dit account was al geanonimiseerd.")
            : Messages.Text("Het account is geanonimiseerd; {0} toezegging(en) hebben geen contactpersoon meer.", outcome.Commitments);
        return RedirectToPage("Edit", new { id });
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var account = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (account == null)
        {
            return false;
        }
        Account = account;
        var email = account.NormalizedEmail ?? "";
        ContactOn = await db.Commitments.IgnoreQueryFilters().CountAsync(c => c.ContactEmail != null && c.ContactEmail.ToUpper() == email, ct);
        var request = await RemovalRequests.Open(db).Where(a => a.EntityId == id).Select(a => new { a.OccurredAt, a.Details }).FirstOrDefaultAsync(ct);
        RequestedAt = request?.OccurredAt;
        RequestReason = request?.Details;
        return true;
    }
}
