using Commitments.Tests.Infrastructure;
using Commitments.Web.Email;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Commitments.Tests.Email;

/// <summary>Without an SMTP host, messages become .eml files in the data folder that a mail program can open.</summary>
public sealed class PickupFolderTransportTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [SkippableFact]
    public async Task Without_an_smtp_host_each_message_is_written_as_a_readable_eml_file_in_the_mail_folder()
    {
        await using var email = EmailTestServices.WithPickupFolder(_database);
        await using (var scope = email.Services.CreateAsyncScope())
        {
            Assert.IsType<PickupFolderMailTransport>(scope.ServiceProvider.GetRequiredService<IMailTransport>());
        }
        var ids = await email.EnqueueAsync(
            ("Jan de Vriës <jan.devries@provincie-drenthe.nl>", "Toezegging ‘3/4’ — één", "Regel één\nRegel twee: € 1.234,56", "<p>Regel één</p>"),
            ("piet@techniekcollege-limburg.nl", "Herinnering voortgangsrapportage", "Graag voor 01-05-2018 invullen.", null));

        await email.RunDispatcherAsync();
        await email.RunDispatcherAsync();

        var folder = Path.Combine(_database.Directory, PickupFolderMailTransport.FolderName);
        // Two finished messages, and no half-written temporary file left behind.
        var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, files.Count);
        Assert.All(files, f => Assert.EndsWith(".eml", f));
        Assert.All(files, f => Assert.StartsWith("20180618T080000000Z-", Path.GetFileName(f)));

        var messages = new List<MimeMessage>();
        foreach (var file in files)
        {
            messages.Add(await MimeMessage.LoadAsync(file));
        }
        var first = Assert.Single(messages, m => m.Subject == "Toezegging ‘3/4’ — één");
        Assert.Equal("jan.devries@provincie-drenthe.nl", Assert.Single(first.To.Mailboxes).Address);
        Assert.Equal("Jan de Vriës", first.To.Mailboxes.Single().Name);
        Assert.Equal("Techniekpact", first.From.Mailboxes.Single().Name);
        Assert.Equal("Regel één\nRegel twee: € 1.234,56", MailText.AsTyped(first.TextBody));
        Assert.Equal("<p>Regel één</p>", MailText.AsTyped(first.HtmlBody));
        var second = Assert.Single(messages, m => m.Subject == "Herinnering voortgangsrapportage");
        Assert.Null(second.HtmlBody);
        Assert.Equal("Graag voor 01-05-2018 invullen.", MailText.AsTyped(second.TextBody));

        var rows = await email.ReadAllAsync();
        Assert.Equal(ids, rows.Select(r => r.Id));
        Assert.All(rows, r => Assert.Equal(EmailTestServices.Start.UtcDateTime, r.SentAt));
        Assert.Equal(
            rows.Select(r => OutboxMailBuilder.MessageId(r, "techniekpact.nl")).Order(StringComparer.Ordinal),
            messages.Select(m => m.MessageId).Order(StringComparer.Ordinal));
    }
}
