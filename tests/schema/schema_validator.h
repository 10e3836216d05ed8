// SPDX-License-Identifier: Apache-2.0

#pragma once

#include <memory>
#include <string>

// Validates vim25 request bodies against the schema embedded in a vim.wsdl, as a real host's
// parser would (the simulator accepts malformed requests that real hosts reject).
class SchemaValidator
{
public:
  // Loads <vim25_dir>/vim.wsdl and the .xsd files it includes; throws std::runtime_error.
  explicit SchemaValidator(const std::string& vim25_dir);
  ~SchemaValidator();
  SchemaValidator(const SchemaValidator&) = delete;
  SchemaValidator& operator=(const SchemaValidator&) = delete;

  // Validates the first element in the SOAP Body of `envelope`; returns "" when valid, else
  // libxml2's complaints.
  std::string validate_envelope(const std::string& envelope);

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// "" when <vim25_dir>/vim.wsdl exists; otherwise the one line the checks against VMware's WSDL
// print when they skip, saying how to enable them (VMRUN_VIM25_DIR).
std::string vim25_unavailable(const std::string& vim25_dir);
