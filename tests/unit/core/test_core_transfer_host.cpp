// SPDX-License-Identifier: Apache-2.0

#include "core/guest/transfer_host.h"

#include <doctest/doctest.h>

#include <string>

using namespace vmrun::core;
using vmrun::transport::XmlDocument;

namespace {

// A host certificate as PEM, with its thumbprints (openssl x509 -fingerprint).
constexpr const char* k_pem =
  "-----BEGIN CERTIFICATE-----\nMIIBhDCCASmgAwIBAgIUB5VIk7nx1exbPljSeSWWU1RyjAAwCgYIKoZIzj0EAwIw\nFzEVMBMGA1UEAwwMZXN4MS5leGFtcGxlMB4XDTI2MTIwMjE4MjAzNloXDTM2MTEy\nOTE4MjAzNlowFzEVMBMGA1UEAwwMZXN4MS5leGFtcGxlMFkwEwYHKoZIzj0CAQYI\nKoZIzj0DAQcDQgAEGw5useybTMiutqzBIAKgZg2usqQ0V334NASZtFc6Bgxq8MOK\nw0cEPYOltbKXsyGHRXiLq+fVOfV/EBJWpviQQaNTMFEwHQYDVR0OBBYEFOU1MSuK\nF6vueYclyGAzjmaeof7GMB8GA1UdIwQYMBaAFOU1MSuKF6vueYclyGAzjmaeof7G\nMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhAOhDDZzruS0Jbv+e\n5qPIYcXCnWjYAddNrSZBi0Up5v5dAiEA6kDOCXAYG+klxIgIQ8IzxnpK0ckuIzNn\nsvGEoQPwPw8=\n-----END CERTIFICATE-----\n";
constexpr const char* k_sha256 =
  "9A:D9:92:9A:A5:8A:02:5C:73:44:BC:D6:9D:FB:F3:26:88:7D:D6:AD:A1:50:36:F9:4A:8D:75:9F:03:7F:B7:01";
constexpr const char* k_sha1 = "50:5D:92:BA:09:81:DD:27:7C:E4:EC:22:AA:1E:07:B8:5D:9C:96:E9";

// HostConfigInfo.certificate as a server sends it: one signed decimal <byte> per byte.
constexpr const char* k_certificate_bytes =
  "<val><byte>45</byte><byte>45</byte><byte>45</byte><byte>45</byte><byte>45</byte><byte>66</byte><byte>69</byte><byte>71</byte><byte>73</byte><byte>78</byte><byte>32</byte><byte>67</byte><byte>69</byte><byte>82</byte><byte>84</byte><byte>73</byte><byte>70</byte><byte>73</byte><byte>67</byte><byte>65</byte><byte>84</byte><byte>69</byte><byte>45</byte><byte>45</byte><byte>45</byte><byte>45</byte><byte>45</byte><byte>10</byte><byte>77</byte><byte>73</byte><byte>73</byte><byte>66</byte><byte>104</byte><byte>68</byte><byte>67</byte><byte>67</byte><byte>65</byte><byte>83</byte><byte>109</byte><byte>103</byte><byte>65</byte><byte>119</byte><byte>73</byte><byte>66</byte><byte>65</byte><byte>103</byte><byte>73</byte><byte>85</byte><byte>66</byte><byte>53</byte><byte>86</byte><byte>73</byte><byte>107</byte><byte>55</byte><byte>110</byte><byte>120</byte><byte>49</byte><byte>101</byte><byte>120</byte><byte>98</byte><byte>80</byte><byte>108</byte><byte>106</byte><byte>83</byte><byte>101</byte><byte>83</byte><byte>87</byte><byte>87</byte><byte>85</byte><byte>49</byte><byte>82</byte><byte>121</byte><byte>106</byte><byte>65</byte><byte>65</byte><byte>119</byte><byte>67</byte><byte>103</byte><byte>89</byte><byte>73</byte><byte>75</byte><byte>111</byte><byte>90</byte><byte>73</byte><byte>122</byte><byte>106</byte><byte>48</byte><byte>69</byte><byte>65</byte><byte>119</byte><byte>73</byte><byte>119</byte><byte>10</byte><byte>70</byte><byte>122</byte><byte>69</byte><byte>86</byte><byte>77</byte><byte>66</byte><byte>77</byte><byte>71</byte><byte>65</byte><byte>49</byte><byte>85</byte><byte>69</byte><byte>65</byte><byte>119</byte><byte>119</byte><byte>77</byte><byte>90</byte><byte>88</byte><byte>78</byte><byte>52</byte><byte>77</byte><byte>83</byte><byte>53</byte><byte>108</byte><byte>101</byte><byte>71</byte><byte>70</byte><byte>116</byte><byte>99</byte><byte>71</byte><byte>120</byte><byte>108</byte><byte>77</byte><byte>66</byte><byte>52</byte><byte>88</byte><byte>68</byte><byte>84</byte><byte>73</byte><byte>50</byte><byte>77</byte><byte>84</byte><byte>73</byte><byte>119</byte><byte>77</byte><byte>106</byte><byte>69</byte><byte>52</byte><byte>77</byte><byte>106</byte><byte>65</byte><byte>122</byte><byte>78</byte><byte>108</byte><byte>111</byte><byte>88</byte><byte>68</byte><byte>84</byte><byte>77</byte><byte>50</byte><byte>77</byte><byte>84</byte><byte>69</byte><byte>121</byte><byte>10</byte><byte>79</byte><byte>84</byte><byte>69</byte><byte>52</byte><byte>77</byte><byte>106</byte><byte>65</byte><byte>122</byte><byte>78</byte><byte>108</byte><byte>111</byte><byte>119</byte><byte>70</byte><byte>122</byte><byte>69</byte><byte>86</byte><byte>77</byte><byte>66</byte><byte>77</byte><byte>71</byte><byte>65</byte><byte>49</byte><byte>85</byte><byte>69</byte><byte>65</byte><byte>119</byte><byte>119</byte><byte>77</byte><byte>90</byte><byte>88</byte><byte>78</byte><byte>52</byte><byte>77</byte><byte>83</byte><byte>53</byte><byte>108</byte><byte>101</byte><byte>71</byte><byte>70</byte><byte>116</byte><byte>99</byte><byte>71</byte><byte>120</byte><byte>108</byte><byte>77</byte><byte>70</byte><byte>107</byte><byte>119</byte><byte>69</byte><byte>119</byte><byte>89</byte><byte>72</byte><byte>75</byte><byte>111</byte><byte>90</byte><byte>73</byte><byte>122</byte><byte>106</byte><byte>48</byte><byte>67</byte><byte>65</byte><byte>81</byte><byte>89</byte><byte>73</byte><byte>10</byte><byte>75</byte><byte>111</byte><byte>90</byte><byte>73</byte><byte>122</byte><byte>106</byte><byte>48</byte><byte>68</byte><byte>65</byte><byte>81</byte><byte>99</byte><byte>68</byte><byte>81</byte><byte>103</byte><byte>65</byte><byte>69</byte><byte>71</byte><byte>119</byte><byte>53</byte><byte>117</byte><byte>115</byte><byte>101</byte><byte>121</byte><byte>98</byte><byte>84</byte><byte>77</byte><byte>105</byte><byte>117</byte><byte>116</byte><byte>113</byte><byte>122</byte><byte>66</byte><byte>73</byte><byte>65</byte><byte>75</byte><byte>103</byte><byte>90</byte><byte>103</byte><byte>50</byte><byte>117</byte><byte>115</byte><byte>113</byte><byte>81</byte><byte>48</byte><byte>86</byte><byte>51</byte><byte>51</byte><byte>52</byte><byte>78</byte><byte>65</byte><byte>83</byte><byte>90</byte><byte>116</byte><byte>70</byte><byte>99</byte><byte>54</byte><byte>66</byte><byte>103</byte><byte>120</byte><byte>113</byte><byte>56</byte><byte>77</byte><byte>79</byte><byte>75</byte><byte>10</byte><byte>119</byte><byte>48</byte><byte>99</byte><byte>69</byte><byte>80</byte><byte>89</byte><byte>79</byte><byte>108</byte><byte>116</byte><byte>98</byte><byte>75</byte><byte>88</byte><byte>115</byte><byte>121</byte><byte>71</byte><byte>72</byte><byte>82</byte><byte>88</byte><byte>105</byte><byte>76</byte><byte>113</byte><byte>43</byte><byte>102</byte><byte>86</byte><byte>79</byte><byte>102</byte><byte>86</byte><byte>47</byte><byte>69</byte><byte>66</byte><byte>74</byte><byte>87</byte><byte>112</byte><byte>118</byte><byte>105</byte><byte>81</byte><byte>81</byte><byte>97</byte><byte>78</byte><byte>84</byte><byte>77</byte><byte>70</byte><byte>69</byte><byte>119</byte><byte>72</byte><byte>81</byte><byte>89</byte><byte>68</byte><byte>86</byte><byte>82</byte><byte>48</byte><byte>79</byte><byte>66</byte><byte>66</byte><byte>89</byte><byte>69</byte><byte>70</byte><byte>79</byte><byte>85</byte><byte>49</byte><byte>77</byte><byte>83</byte><byte>117</byte><byte>75</byte><byte>10</byte><byte>70</byte><byte>54</byte><byte>118</byte><byte>117</byte><byte>101</byte><byte>89</byte><byte>99</byte><byte>108</byte><byte>121</byte><byte>71</byte><byte>65</byte><byte>122</byte><byte>106</byte><byte>109</byte><byte>97</byte><byte>101</byte><byte>111</byte><byte>102</byte><byte>55</byte><byte>71</byte><byte>77</byte><byte>66</byte><byte>56</byte><byte>71</byte><byte>65</byte><byte>49</byte><byte>85</byte><byte>100</byte><byte>73</byte><byte>119</byte><byte>81</byte><byte>89</byte><byte>77</byte><byte>66</byte><byte>97</byte><byte>65</byte><byte>70</byte><byte>79</byte><byte>85</byte><byte>49</byte><byte>77</byte><byte>83</byte><byte>117</byte><byte>75</byte><byte>70</byte><byte>54</byte><byte>118</byte><byte>117</byte><byte>101</byte><byte>89</byte><byte>99</byte><byte>108</byte><byte>121</byte><byte>71</byte><byte>65</byte><byte>122</byte><byte>106</byte><byte>109</byte><byte>97</byte><byte>101</byte><byte>111</byte><byte>102</byte><byte>55</byte><byte>71</byte><byte>10</byte><byte>77</byte><byte>65</byte><byte>56</byte><byte>71</byte><byte>65</byte><byte>49</byte><byte>85</byte><byte>100</byte><byte>69</byte><byte>119</byte><byte>69</byte><byte>66</byte><byte>47</byte><byte>119</byte><byte>81</byte><byte>70</byte><byte>77</byte><byte>65</byte><byte>77</byte><byte>66</byte><byte>65</byte><byte>102</byte><byte>56</byte><byte>119</byte><byte>67</byte><byte>103</byte><byte>89</byte><byte>73</byte><byte>75</byte><byte>111</byte><byte>90</byte><byte>73</byte><byte>122</byte><byte>106</byte><byte>48</byte><byte>69</byte><byte>65</byte><byte>119</byte><byte>73</byte><byte>68</byte><byte>83</byte><byte>81</byte><byte>65</byte><byte>119</byte><byte>82</byte><byte>103</byte><byte>73</byte><byte>104</byte><byte>65</byte><byte>79</byte><byte>104</byte><byte>68</byte><byte>68</byte><byte>90</byte><byte>122</byte><byte>114</byte><byte>117</byte><byte>83</byte><byte>48</byte><byte>74</byte><byte>98</byte><byte>118</byte><byte>43</byte><byte>101</byte><byte>10</byte><byte>53</byte><byte>113</byte><byte>80</byte><byte>73</byte><byte>89</byte><byte>99</byte><byte>88</byte><byte>67</byte><byte>110</byte><byte>87</byte><byte>106</byte><byte>89</byte><byte>65</byte><byte>100</byte><byte>100</byte><byte>78</byte><byte>114</byte><byte>83</byte><byte>90</byte><byte>66</byte><byte>105</byte><byte>48</byte><byte>85</byte><byte>112</byte><byte>53</byte><byte>118</byte><byte>53</byte><byte>100</byte><byte>65</byte><byte>105</byte><byte>69</byte><byte>65</byte><byte>54</byte><byte>107</byte><byte>68</byte><byte>79</byte><byte>67</byte><byte>88</byte><byte>65</byte><byte>89</byte><byte>71</byte><byte>43</byte><byte>107</byte><byte>108</byte><byte>120</byte><byte>73</byte><byte>103</byte><byte>73</byte><byte>81</byte><byte>56</byte><byte>73</byte><byte>122</byte><byte>120</byte><byte>110</byte><byte>112</byte><byte>75</byte><byte>48</byte><byte>99</byte><byte>107</byte><byte>117</byte><byte>73</byte><byte>122</byte><byte>78</byte><byte>110</byte><byte>10</byte><byte>115</byte><byte>118</byte><byte>71</byte><byte>69</byte><byte>111</byte><byte>81</byte><byte>80</byte><byte>119</byte><byte>80</byte><byte>119</byte><byte>56</byte><byte>61</byte><byte>10</byte><byte>45</byte><byte>45</byte><byte>45</byte><byte>45</byte><byte>45</byte><byte>69</byte><byte>78</byte><byte>68</byte><byte>32</byte><byte>67</byte><byte>69</byte><byte>82</byte><byte>84</byte><byte>73</byte><byte>70</byte><byte>73</byte><byte>67</byte><byte>65</byte><byte>84</byte><byte>69</byte><byte>45</byte><byte>45</byte><byte>45</byte><byte>45</byte><byte>45</byte><byte>10</byte></val>";

// config.virtualNicManagerInfo.netConfig: a vMotion vnic and the selected management one.
std::string net_config(const std::string& selected)
{
  return "<val><VirtualNicManagerNetConfig><nicType>vmotion</nicType>"
         "<candidateVnic><key>vmotion.vmk1</key><spec><ip><ipAddress>10.0.0.9</ipAddress></ip>"
         "</spec></candidateVnic><selectedVnic>vmotion.vmk1</selectedVnic>"
         "</VirtualNicManagerNetConfig><VirtualNicManagerNetConfig><nicType>management</nicType>"
         "<candidateVnic><key>management.vmk0</key><spec><ip><ipAddress>192.0.2.7</ipAddress>"
         "</ip></spec></candidateVnic><candidateVnic><key>management.vmk2</key><spec><ip>"
         "<ipAddress>fd00::7</ipAddress></ip></spec></candidateVnic>" +
         selected + "</VirtualNicManagerNetConfig></val>";
}

} // namespace

TEST_CASE("certificate_bytes: signed bytes as the WSDL has them, or the PEM text itself")
{
  const auto bytes = XmlDocument::parse(k_certificate_bytes);
  CHECK(certificate_bytes(bytes.root()) == k_pem);
  const auto text = XmlDocument::parse("<val>" + std::string(k_pem) + "</val>");
  CHECK(certificate_bytes(text.root()) == k_pem);
  CHECK(certificate_bytes({}).empty());
  for (const char* bad :
       {"<val><byte>45</byte><byte>128</byte></val>", "<val><byte>45</byte><byte>x</byte></val>",
        "<val><byte>45</byte><byte>-129</byte></val>", "<val><byte>45</byte><byte></byte></val>"}) {
    CHECK(certificate_bytes(XmlDocument::parse(bad).root()).empty());
  }
}

TEST_CASE("management_address: the one selected management vnic, else none")
{
  const auto one = XmlDocument::parse(net_config("<selectedVnic>management.vmk0</selectedVnic>"));
  CHECK(management_address(one.root()) == "192.0.2.7");
  const auto v6 = XmlDocument::parse(net_config("<selectedVnic>management.vmk2</selectedVnic>"));
  CHECK(management_address(v6.root()) == "fd00::7");
  // Two selected: which one routes here is unknown, so the URL's name is kept.
  const auto two = XmlDocument::parse(net_config(
    "<selectedVnic>management.vmk0</selectedVnic><selectedVnic>management.vmk2</selectedVnic>"));
  CHECK(management_address(two.root()).empty());
  const auto none = XmlDocument::parse(net_config(""));
  CHECK(management_address(none.root()).empty());
  CHECK(management_address({}).empty());
}

TEST_CASE("transfer_peer_from: the certificate's SHA-256, else the SHA-1 sslThumbprint")
{
  const auto cert = XmlDocument::parse(k_certificate_bytes);
  const auto ssl = XmlDocument::parse(
    "<val>50:5d:92:ba:09:81:dd:27:7c:e4:ec:22:aa:1e:07:b8:5d:9c:96:e9</val>");
  const auto net = XmlDocument::parse(net_config("<selectedVnic>management.vmk0</selectedVnic>"));
  const auto both = transfer_peer_from(cert.root(), ssl.root(), net.root());
  CHECK(both.thumbprint == k_sha256);
  CHECK(both.address == "192.0.2.7");
  CHECK(both.vouched_by == "vCenter");
  CHECK(transfer_peer_from({}, ssl.root(), {}).thumbprint == k_sha1);
  const auto junk = XmlDocument::parse("<val><byte>1</byte><byte>2</byte></val>");
  CHECK(transfer_peer_from(junk.root(), ssl.root(), {}).thumbprint == k_sha1);
  const auto bad_ssl = XmlDocument::parse("<val>not a thumbprint</val>");
  CHECK(transfer_peer_from({}, bad_ssl.root(), {}).thumbprint.empty());
  CHECK(transfer_peer_from({}, {}, {}).thumbprint.empty());
}
