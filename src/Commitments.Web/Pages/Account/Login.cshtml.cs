using System.ComponentModel.DataAnnotations;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Commitments.Web.Pages.Account;

[AllowAnonymous]
[LimitAttempts(AttemptKind.SignIn, "Form.Email")]
public class LoginModel(AccountSignIn signIn) : PageModel
{
    /// <summary>
    /// The one answer to every failed sign-in: unknown address, wrong password and locked account
    /// alike, so the form never tells who has an account. It says what a locked-out user needs to know.
    /// </summary>
    public static string FailedMessage =>
        Messages.Text("E-mailadres of wachtwoord klopt niet. Na vijf mislukte pogingen wordt een account 15 minuten geblokkeerd; met ‘Wachtwoord vergeten?’ stelt u dan meteen een nieuw wachtwoord in.");

    [BindProperty]
    public LoginForm Form { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class LoginForm
    {
        [Required(ErrorMessage = "Vul uw e-mailadres in.")]
        [EmailAddress(ErrorMessage = "Vul een geldig e-mailadres in.")]
        [StringLength(320, ErrorMessage = "Een e-mailadres is hoogstens 320 tekens lang.")]
        [Display(Name = "E-mailadres")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Vul uw wachtwoord in.")]
        [DataType(DataType.Password)]
        [Display(Name = "Wachtwoord")]
        public string Password { get; set; } = "";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var outcome = await signIn.PasswordSignInAsync(Form.Email, Form.Password, ct);
        var returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
        if (outcome == SignInOutcome.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/LoginWith2fa", new { ReturnUrl = returnUrl });
        }
        if (outcome == SignInOutcome.Succeeded)
        {
            return LocalRedirect(returnUrl);
        }
        ModelState.AddModelError(string.Empty, FailedMessage);
        return Page();
    }
}
