using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Tests.Pages.Progress;
using Commitments.Web.Evidence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Evidence;

/// <summary>
/// Evidence files through the progress form: accepted by content, stored under a random name in the
/// data folder, refused with a message when too large or not what they claim to be, served only to
/// those who may see the commitment, under a download name that cannot add headers.
/// </summary>
public sealed class EvidenceUploadTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private string Folder => app.Services.GetRequiredService<EvidenceStorage>().Folder;

    private string[] StoredFiles() => Directory.Exists(Folder) ? Directory.GetFiles(Folder) : [];

    private async Task<(ProgressWorld World, Commitment Commitment, TestBrowser Partner)> ArrangeAsync(string title)
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync(title);
        return (world, commitment, await app.SignInAsync(world.PartnerEmail));
    }

    private static readonly (string, string)[] Draft = [("Form.Health", "OnTrack"), ("Form.Intent", "draft")];

    [Fact]
    public async Task A_PDF_is_stored_under_a_random_name_and_the_lead_partner_the_region_lead_the_ministry_and_a_co_partner_download_it()
    {
        var (world, commitment, partner) = await ArrangeAsync("Met jaarverslag");
        await using (var db = world.Admin())
        {
            db.Add(new CommitmentCoPartner { CommitmentId = commitment.Id, OrganizationId = world.OtherOrganizationId, SharePercent = 0 });
            await db.SaveChangesAsync();
        }
        var pdf = ProgressForm.Pdf();

        var response = await ProgressForm.PostAsync(partner, commitment.Id, Draft, ("Jaarverslag 2018 – definitief.pdf", pdf));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var check = world.Admin();
        var evidence = await check.ProgressEvidence.SingleAsync(e => e.ProgressUpdate!.CommitmentId == commitment.Id);
        Assert.Equal("Jaarverslag 2018 – definitief.pdf", evidence.FileName);
        Assert.Equal("application/pdf", evidence.ContentType);
        Assert.Equal(pdf.Length, evidence.SizeBytes);
        Assert.Matches("^[0-9a-f]{32}$", evidence.StoredName);
        var stored = Path.Combine(Folder, evidence.StoredName!);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(stored));
        Assert.StartsWith(Path.GetFullPath(Path.Combine(app.Database.Directory, "data")), Path.GetFullPath(stored));
        Assert.DoesNotContain(StoredFiles(), f => Path.GetFileName(f).Contains("Jaarverslag", StringComparison.Ordinal));
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == AuditActions.EvidenceAdded && a.EntityId == commitment.Id.ToString()));

        var (_, page) = await partner.GetPageAsync(ProgressForm.Url(commitment.Id));
        var link = page.QuerySelector(".evidence-list a")!;
        Assert.Equal($"/Progress/Evidence/{evidence.Id}", link.GetAttribute("href"));
        Assert.Equal("Jaarverslag 2018 – definitief.pdf", link.TextContent);

        await world.UpdateStatusAsync(commitment.Id, ProgressUpdateStatus.Submitted);
        foreach (var reader in new[] { world.PartnerEmail, world.LeadEmail, DemoAccounts.Ocw, world.OtherPartnerEmail })
        {
            using var browser = await app.SignInAsync(reader);
            var download = await browser.GetAsync($"/Progress/Evidence/{evidence.Id}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal("Jaarverslag 2018 – definitief.pdf", download.Content.Headers.ContentDisposition.FileNameStar);
            Assert.Equal("nosniff", string.Join(",", download.Headers.GetValues("X-Content-Type-Options")));
            Assert.Contains("no-store", download.Headers.CacheControl!.ToString());
        }
    }

    [Fact]
    public async Task A_partner_of_another_organisation_and_the_lead_of_another_region_get_404()
    {
        var (world, commitment, partner) = await ArrangeAsync("Geheim bewijs");
        await ProgressForm.PostAsync(partner, commitment.Id, Draft, ("bewijs.pdf", ProgressForm.Pdf()));
        await world.UpdateStatusAsync(commitment.Id, ProgressUpdateStatus.Submitted);
        await using var db = world.Admin();
        var evidence = await db.ProgressEvidence.SingleAsync(e => e.ProgressUpdate!.CommitmentId == commitment.Id);

        foreach (var outsider in new[] { world.OtherPartnerEmail, DemoAccounts.PartnerDrenthe, DemoAccounts.TrekkerZuid, DemoAccounts.TrekkerNoord })
        {
            using var browser = await app.SignInAsync(outsider);
            var response = await browser.GetAsync($"/Progress/Evidence/{evidence.Id}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{outsider}: {(int)response.StatusCode}");
            Assert.DoesNotContain("%PDF", await response.Content.ReadAsStringAsync());
        }
        using var anonymous = app.Anonymous();
        Assert.True(TestBrowser.IsRedirectToLogin(await anonymous.GetAsync($"/Progress/Evidence/{evidence.Id}")));
        using var lead = await app.SignInAsync(world.LeadEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync("/Progress/Evidence/999999")).StatusCode);
    }

    [Theory]
    [InlineData("rapport.pdf", "<html><body><script>alert(document.cookie)</script></body></html>")]
    [InlineData("tabel.xlsx", "PK not really a zip")]
    [InlineData("lijst.csv", "naam;aantal\n=HYPERLINK(\"https://evil.example\");1\n")]
    [InlineData("foto.png", "GIF89a")]
    public async Task A_file_whose_content_is_not_an_accepted_type_is_refused_whatever_its_name_says(string name, string content)
    {
        var (world, commitment, partner) = await ArrangeAsync($"Vermomd {name}");
        var before = StoredFiles();

        var response = await ProgressForm.PostAsync(partner, commitment.Id, Draft, (name, System.Text.Encoding.UTF8.GetBytes(content)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = TestBrowser.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("het type wordt aan de inhoud herkend", page.QuerySelector("#Form_EvidenceFile_error")!.TextContent);
        Assert.Equal(before, StoredFiles());
        await using var db = world.Admin();
        Assert.False(await db.ProgressUpdates.AnyAsync(u => u.CommitmentId == commitment.Id));
    }

    [Fact]
    public async Task A_file_over_10_MB_is_refused_with_a_message_that_states_the_limit_and_the_rest_of_the_form_is_kept()
    {
        var (world, commitment, partner) = await ArrangeAsync("Te groot");
        var before = StoredFiles();
        var big = new byte[EvidenceStorage.MaxFileBytes + 1];
        ProgressForm.Pdf().CopyTo(big, 0);

        var response = await ProgressForm.PostAsync(partner, commitment.Id,
            [("Form.Health", "Behind"), ("Form.Narrative", "Blijft staan"), ("Form.Intent", "draft")], ("scan.pdf", big));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = TestBrowser.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Het bestand is 10,1 MB; ten hoogste 10 MB per bestand is toegestaan.",
            page.QuerySelector("#Form_EvidenceFile_error")!.TextContent);
        Assert.Equal("Blijft staan", page.QuerySelector("#Form_Narrative")!.TextContent);
        Assert.Contains("ten hoogste 10 MB per bestand", page.QuerySelector("#Form_EvidenceFile_hint")!.TextContent);
        Assert.Equal(before, StoredFiles());
        await using var db = world.Admin();
        Assert.False(await db.ProgressUpdates.AnyAsync(u => u.CommitmentId == commitment.Id));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_request_larger_than_the_page_reads_is_sent_back_to_the_form_with_the_limit(bool lengthKnownInAdvance)
    {
        var (world, commitment, partner) = await ArrangeAsync("Veel te groot");
        var (_, form) = await partner.GetPageAsync(ProgressForm.Url(commitment.Id));
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StreamContent(new ZeroStream(EvidenceUploadLimitAttribute.MaxRequestBytes + 1, lengthKnownInAdvance)), "Form.EvidenceFile", "film.pdf" },
        };

        var response = await partner.Client.PostAsync(ProgressForm.Url(commitment.Id), content);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, page) = await partner.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Het bestand is te groot: ten hoogste 10 MB per bestand.", page.QuerySelector("#Form_EvidenceFile_error")!.TextContent);
        await using var db = world.Admin();
        Assert.False(await db.ProgressUpdates.AnyAsync(u => u.CommitmentId == commitment.Id));
    }

    [Fact]
    public async Task A_download_name_with_quotes_and_line_breaks_cannot_add_headers()
    {
        var (world, commitment, partner) = await ArrangeAsync("Kopregels");
        const string disposition = "form-data; name=\"Form.EvidenceFile\"; filename*=UTF-8''..%2F..%2Fetc%2Fa%22b%0D%0ASet-Cookie%3A%20x%3D1%0D%0A%0D%0A%3Chtml%3E.pdf";

        var response = await ProgressForm.PostAsync(partner, commitment.Id, Draft, ("ignored", ProgressForm.Pdf()), disposition);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = world.Admin();
        var evidence = await db.ProgressEvidence.SingleAsync(e => e.ProgressUpdate!.CommitmentId == commitment.Id);
        Assert.Equal("a\"bSet-Cookie: x=1<html>.pdf", evidence.FileName);

        // A row written by other means (an import, an older version) is cleaned again when served.
        evidence.FileName = "twee\r\nSet-Cookie: y=2\r\nX-Injected: \"ja\".pdf";
        await db.SaveChangesAsync();
        var download = await partner.GetAsync($"/Progress/Evidence/{evidence.Id}");

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.False(download.Headers.Contains("X-Injected"));
        Assert.False(download.Headers.Contains("Set-Cookie"));
        var header = download.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", header.DispositionType);
        Assert.Equal("tweeSet-Cookie: y=2X-Injected: \"ja\".pdf", header.FileNameStar);
        Assert.Single(download.Content.Headers.GetValues("Content-Disposition"));
    }

    [Fact]
    public async Task A_file_without_the_right_ending_gets_it_and_removing_the_evidence_removes_the_file()
    {
        var (world, commitment, partner) = await ArrangeAsync("Weg ermee");
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 };

        await ProgressForm.PostAsync(partner, commitment.Id, Draft, ("foto.pdf", png));

        await using var db = world.Admin();
        var evidence = await db.ProgressEvidence.SingleAsync(e => e.ProgressUpdate!.CommitmentId == commitment.Id);
        Assert.Equal("foto.pdf.png", evidence.FileName);
        Assert.Equal("image/png", evidence.ContentType);
        var stored = Path.Combine(Folder, evidence.StoredName!);
        Assert.True(File.Exists(stored));

        var (_, page) = await partner.GetPageAsync(ProgressForm.Url(commitment.Id));
        var remove = page.QuerySelector(".evidence-list form")!;
        var removed = await partner.Client.PostAsync(remove.GetAttribute("action"), new FormUrlEncodedContent(
            remove.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!))));

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(File.Exists(stored));
        await using var check = world.Admin();
        Assert.False(await check.ProgressEvidence.AnyAsync(e => e.Id == evidence.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await partner.GetAsync($"/Progress/Evidence/{evidence.Id}")).StatusCode);
    }

    [Fact]
    public async Task Evidence_of_a_submitted_update_cannot_be_removed_and_others_cannot_remove_it()
    {
        var (world, commitment, partner) = await ArrangeAsync("Vast bewijs");
        await ProgressForm.PostAsync(partner, commitment.Id, Draft, ("vast.pdf", ProgressForm.Pdf()));
        await using var db = world.Admin();
        var evidence = await db.ProgressEvidence.Include(e => e.ProgressUpdate).SingleAsync(e => e.ProgressUpdate!.CommitmentId == commitment.Id);
        var fields = new KeyValuePair<string, string>[] { new("evidenceId", evidence.Id.ToString()), new("Form.Version", evidence.ProgressUpdate!.Version.ToString()) };
        var url = $"{ProgressForm.Url(commitment.Id)}?handler=RemoveEvidence";

        using (var lead = await app.SignInAsync(world.LeadEmail))
        {
            Assert.True(TestBrowser.IsAccessDenied(await lead.PostFormAsync(url, fields, tokenFrom: "/")));
        }
        using (var other = await app.SignInAsync(world.OtherPartnerEmail))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.PostFormAsync(url, fields, tokenFrom: "/")).StatusCode);
        }
        await world.UpdateStatusAsync(commitment.Id, ProgressUpdateStatus.Submitted);
        var refused = await partner.PostFormAsync(url, fields, tokenFrom: "/");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        Assert.True(File.Exists(Path.Combine(Folder, evidence.StoredName!)));
        await using var check = world.Admin();
        Assert.True(await check.ProgressEvidence.AnyAsync(e => e.Id == evidence.Id));
    }

    /// <summary>
    /// A stream of zeros of a given length, without holding them in memory. Seekable, its length goes
    /// out as Content-Length; otherwise the request is sent in chunks of unknown total length.
    /// </summary>
    private sealed class ZeroStream(long length, bool seekable) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => seekable;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => _position = value; }
        public override void Flush() { }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
