using Commitments.Core.Identity;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Commitments.Web.Pages.Settings;

/// <summary>A partner user chooses between separate reminders and one weekly digest (escalations always come).</summary>
[Authorize(Policy = Policies.Partner)]
public class RemindersModel(UserManager<AppUser> users) : PageModel
{
    [BindProperty]
    public bool WeeklyDigest { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user == null)
        {
            return Challenge();
        }
        WeeklyDigest = user.PrefersWeeklyDigest;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user == null)
        {
            return Challenge();
        }
        user.PrefersWeeklyDigest = WeeklyDigest;
        await users.UpdateAsync(user);
        TempData["Message"] = Messages.Text("Uw keuze is opgeslagen.");
        return RedirectToPage();
    }
}
