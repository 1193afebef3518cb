using System.Text.RegularExpressions;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Email;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Email;

/// <summary>
/// Every e-mail exists in Dutch and English with the same blanks to fill in, and is written in the
/// language the recipient chose (stored on the account), whatever the language of the browser that
/// caused it.
/// </summary>
public sealed partial class MailLanguageTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public void Every_mail_has_a_Dutch_and_an_English_text_with_the_same_placeholders()
    {
        var names = MailTemplates.Names.ToList();
        var messages = names.Select(n => n[..n.LastIndexOf('.', n.Length - 5)]).Distinct().ToList();
        Assert.True(messages.Count >= 14, string.Join(", ", names));

        Assert.All(messages, message =>
        {
            Assert.Contains($"{message}.nl.txt", names);
            Assert.Contains($"{message}.en.txt", names);
            var values = Placeholders().Matches(Raw(message, "nl")).Select(m => m.Groups[1].Value).Distinct()
                .ToDictionary(p => p, p => $"<{p}>");
            var (dutchSubject, dutchBody) = MailTemplates.Render(message, "nl-NL", values);
            var (englishSubject, englishBody) = MailTemplates.Render(message, "en-GB", values);
            Assert.False(string.IsNullOrWhiteSpace(englishSubject), message);
            Assert.NotEqual(dutchSubject, englishSubject);
            Assert.NotEqual(dutchBody, englishBody);
            Assert.Equal(values.Keys.Order(), Placeholders().Matches(Raw(message, "en")).Select(m => m.Groups[1].Value).Distinct().Order());
            Assert.DoesNotMatch(Placeholders(), englishSubject + englishBody); // nothing left unfilled
        });
    }

    [Fact]
    public async Task A_password_reset_mail_is_in_the_language_stored_on_the_account()
    {
        await SetCultureAsync(DemoAccounts.TrekkerZuid, "en-GB");
        using var dutchBrowser = app.Anonymous();

        await dutchBrowser.PostFormAsync("/Account/ForgotPassword", ("Email", DemoAccounts.TrekkerZuid));
        await dutchBrowser.PostFormAsync("/Account/ForgotPassword", ("Email", DemoAccounts.TrekkerNoord));

        await using var db = app.CreateAdminDbContext();
        var english = await db.OutboxMessages.SingleAsync(m => m.To == DemoAccounts.TrekkerZuid);
        Assert.Equal("Set a new password – Techniekpact", english.Subject);
        Assert.Contains("The link is valid for 8 hours.", english.TextBody);
        Assert.Contains(CommitmentsWebFactory.PublicBaseUrl + "/Account/ResetPassword?", english.TextBody);
        var dutch = await db.OutboxMessages.SingleAsync(m => m.To == DemoAccounts.TrekkerNoord);
        Assert.Equal("Nieuw wachtwoord instellen – Techniekpact", dutch.Subject);
        Assert.Contains("De link is 8 uur geldig.", dutch.TextBody);
    }

    private async Task SetCultureAsync(string email, string culture)
    {
        await using var db = app.CreateAdminDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        user.Culture = culture;
        await db.SaveChangesAsync();
    }

    private static string Raw(string message, string language)
    {
        using var stream = typeof(MailTemplates).Assembly.GetManifestResourceStream($"Commitments.Web.Email.Templates.{message}.{language}.txt")!;
        return new StreamReader(stream).ReadToEnd();
    }

    [GeneratedRegex(@"\{\{(\w+)\}\}")]
    private static partial Regex Placeholders();
}
