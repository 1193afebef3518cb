using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Commitments.Web.Pages.Statements;

/// <summary>
/// The public statements (accessibility, privacy): readable without an account, because anyone must
/// be able to read them before signing in, and linked from the footer of every page. The contact
/// address is the installation's (<c>App:ContactEmail</c>); without one the statement names the
/// pact's secretariat without an address rather than an address nobody reads.
/// </summary>
[AllowAnonymous]
public abstract class StatementModel(IConfiguration configuration) : PageModel
{
    public string? ContactEmail { get; } = string.IsNullOrWhiteSpace(configuration["App:ContactEmail"]) ? null : configuration["App:ContactEmail"]!.Trim();

    /// <summary>The date the statement was drawn up or last reviewed, in the reader's notation.</summary>
    public static readonly DateOnly DrawnUp = new(2026, 11, 30);

    public void OnGet()
    {
    }
}

public sealed class AccessibilityModel(IConfiguration configuration) : StatementModel(configuration);

public sealed class PrivacyModel(IConfiguration configuration) : StatementModel(configuration);
