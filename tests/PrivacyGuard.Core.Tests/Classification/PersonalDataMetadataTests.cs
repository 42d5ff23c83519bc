using Microsoft.Extensions.Compliance.Classification;

namespace PrivacyGuard.Tests.Classification;

public class PersonalDataMetadataTests
{
    private sealed class Account
    {
        [DataSubjectId]
        public Guid Id { get; set; }

        [PersonalData(PersonalDataCategory.Email, Searchable = true)]
        public string? Email { get; set; }

        [PersonalData(PersonalDataCategory.IpAddress, Treatment = Treatment.PrefixPreserving)]
        public string? SignUpIp { get; set; }

        [PersonalData(PersonalDataCategory.Name)]
        public string? RealName { get; init; }

        public string? Plan { get; set; }
    }

    [Fact]
    public void Only_annotated_properties_are_personal_data_in_declaration_order()
    {
        var info = PersonalDataMetadata.For<Account>();
        Assert.Equal(["Email", "SignUpIp", "RealName"], info.Properties.Select(p => p.Name));
        Assert.Equal("Id", info.SubjectIdProperty);
    }

    [Fact]
    public void Treatments_resolve_to_the_override_or_the_category_default()
    {
        var info = PersonalDataMetadata.For<Account>();
        Assert.True(info.TryGetProperty("Email", out var email));
        Assert.Equal(Treatment.Pseudonymize, email.Treatment);
        Assert.True(email.Searchable);
        Assert.True(info.TryGetProperty("SignUpIp", out var ip));
        Assert.Equal(Treatment.PrefixPreserving, ip.Treatment);
        Assert.True(info.TryGetProperty("RealName", out var name));
        Assert.Equal(Treatment.Encrypt, name.Treatment);
    }

    [Fact]
    public void Metadata_is_resolved_once_per_type()
    {
        Assert.Same(PersonalDataMetadata.For<Account>(), PersonalDataMetadata.For(typeof(Account)));
        Assert.Same(PersonalDataMetadata.For(typeof(Account)), PersonalDataMetadata.For(typeof(Account)));
    }

    [Fact]
    public void Compiled_accessors_read_and_write_values_and_the_subject_id()
    {
        var id = Guid.NewGuid();
        var account = new Account { Id = id, Email = "a@b.example" };
        var info = PersonalDataMetadata.For<Account>();
        Assert.True(info.TryGetProperty("Email", out var email));
        Assert.Equal("a@b.example", email.GetValue(account));
        email.SetValue(account, "changed@b.example");
        Assert.Equal("changed@b.example", account.Email);
        Assert.Equal(id, info.GetSubjectId(account));
    }

    [Fact]
    public void The_attribute_is_a_Compliance_data_classification()
    {
        var attribute = typeof(Account).GetProperty("Email")!.GetCustomAttributes(typeof(DataClassificationAttribute), false).Single();
        var classification = ((DataClassificationAttribute)attribute).Classification;
        Assert.Equal(new DataClassification("PrivacyGuard", "Email"), classification);
    }

    [Fact]
    public void Formatting_a_property_shows_its_name_and_treatment_never_a_value()
    {
        Assert.True(PersonalDataMetadata.For<Account>().TryGetProperty("Email", out var email));
        Assert.Equal("Email (Email, Pseudonymize)", email.ToString());
    }

    private sealed class TwoSubjects
    {
        [DataSubjectId]
        public int A { get; set; }

        [DataSubjectId]
        public int B { get; set; }
    }

    [Fact]
    public void Two_subject_ids_on_one_type_are_refused_naming_both()
    {
        var error = Assert.Throws<InvalidOperationException>(() => PersonalDataMetadata.For(typeof(TwoSubjects)));
        Assert.Contains("A and B", error.Message);
    }
}
